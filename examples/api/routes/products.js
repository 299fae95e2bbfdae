// GET /api/products: the catalogue, with ready-to-use signed imgproxy URLs.
// The URLs were generated with @imgproxy/imgproxy-node and pasted in; the signing key is in .env.
'use strict';

const express = require('express');

const router = express.Router();

const products = [
  {
    sku: '4711',
    name: 'Linen tote bag',
    price: 24.9,
    image: 'https://imgproxy.example.com/sz5R1re7Kf53iqtOqFist35WG2hwc1imFv47wp6ovsA/rs:fill:600:600/g:sm/aHR0cHM6Ly9jZG4uZXhhbXBsZS5jb20vcHJvZHVjdHMvNDcxMS9mcm9udC5qcGc.webp',
    thumb: 'https://imgproxy.example.com/4vlZGLjlgjq5w_UmQOV-PlkFPoE7JX1NFOGxVPnMDT4/rs:fill:300:300/g:sm/aHR0cHM6Ly9jZG4u/ZXhhbXBsZS5jb20v/cHJvZHVjdHMvNDcx/MS9mcm9udC5qcGc.webp',
  },
  {
    sku: '4712',
    name: 'Ceramic mug',
    price: 18,
    image: 'https://imgproxy.example.com/jNYOc6nhR1dQYeF1NucG7MKHNutS5soEanRwmFnbCcU/rs:fill:600:600/g:sm/aHR0cHM6Ly9TaG9wLUFzc2V0cy5FeGFtcGxlLmNvbS9wcm9kdWN0cy80NzEyL211Zy5qcGc.webp',
    thumb: 'https://imgproxy.example.com/qQIz3VOXOezO1iEW8hG-kSCtExAXFspKbuo_z7Gmd0M/rs:fit:300:300/plain/https://cdn.example.com/products/4712/mug.jpg?v=3',
  },
  {
    sku: '4713',
    name: 'Wool scarf',
    price: 39,
    image: 'https://imgproxy.example.com/aXMvz3FeYE-9JWm7LUtgYLMV4OmLdW1ngBSKV8oneUw/rs:fill:600:600/g:sm/plain/https://cdn.example.com:443/products/4713/scarf.jpg',
    thumb: 'https://imgproxy.example.com/a-dbcHenfevUjNIFS3vvx76mc3D8JXjCMYbRMNbrhvM/rs:fit:600:600/plain/https://cdn.example.com/products/4713/scarf.jpg',
  },
  {
    sku: '4714',
    name: 'Gift card',
    price: 50,
    image: 'https://imgproxy.example.com/8jClG4paB-1oRmyGBL7BRannLQL3GzI5xiIb9jFaBGo/rs:fit:600:600/plain/local:///giftcards/default.png@webp',
    thumb: 'https://imgproxy.example.com/RSBPcuNy18P9lwllJ0rudmPEB1UFshIAFI9XYnZXB64/rs:fit:300:300/plain/s3://shop-assets/giftcards/default.png@webp',
  },
];

const FALLBACK_IMAGE = 'https://imgproxy.example.com/LwQvZsftPtU6a6K10eb-vjrIunPhCI2-imMiJpWgVcs/rs:fit:600:600/aHR0cHM6Ly9jZG4uZXhhbXBsZS5jb20vaW1nL2ZhbGxiYWNrLnBuZw==.webp';

router.get('/api/products', (req, res) => {
  res.json(products.map((p) => ({ ...p, image: p.image || FALLBACK_IMAGE })));
});

module.exports = router;
