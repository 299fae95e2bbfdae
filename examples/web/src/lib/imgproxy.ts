// Server-side URL building with the official Node builder.
import { generateImageUrl } from '@imgproxy/imgproxy-node';

export const heroUrl = generateImageUrl({
  endpoint: 'https://imgproxy.example.com',
  url: 'https://Media.Example.com/hero/summer.jpg',
  options: { resizing_type: 'fill', width: 1200, height: 600 },
});

export const logoUrl = generateImageUrl({
  endpoint: 'https://imgproxy.example.com',
  url: { value: 'https://cdn.example.com/logo.png', displayAs: 'base64' },
  options: { width: 200 },
});
