// Link previews in the team chat go through Mattermost's image proxy (willnorris/imageproxy at
// imageproxy.example.com), signed with its -signatureKey (IMAGEPROXY_SIGNATUREKEY in .env).
import { createHmac } from 'node:crypto';

export function proxied(url: string, options = '300x200'): string {
  const signature = createHmac('sha256', process.env.IMAGEPROXY_SIGNATUREKEY ?? '').update(url).digest('base64url');
  return `https://imageproxy.example.com/${options},s${signature}/${url}`;
}

/** Previews pinned in the #announcements channel. */
export const PINNED = {
  release: 'https://imageproxy.example.com/300x200,q75,sDIuaeKjt2p63oaLlSjHIQNGJswbItR1YYe1kqKHw0vo/https://news.example.com/2024/release.png',
  partner: 'https://imageproxy.example.com/300x200,fit,sR5jz7o06lY6WsV9qImT9_8waK0DRuVHJ4O3H60IlOxk/https://Partner.Example.com/logo.png',
  emoji: 'https://imageproxy.example.com/64x64,sc/aHR0cHM6Ly9DaGF0LkV4YW1wbGUuY29tL2Vtb2ppL3BpbmUuZ2lm',
  docs: 'https://imageproxy.example.com/800x,q80/https%3A%2F%2Fdocs.example.com%2Fimg%2Fsetup.png',
};
