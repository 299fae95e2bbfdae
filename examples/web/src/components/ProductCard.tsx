import React from 'react';

export interface Product {
  sku: string;
  name: string;
  price: number;
  /** A signed imgproxy URL from the API (api/routes/products.js). */
  imageUrl?: string;
  /** The signature for the zoom URL, computed server-side. */
  zoomSignature: string;
  badge?: keyof typeof BADGES;
}

const PLACEHOLDER = 'https://imgproxy.example.com/qbFCr3KPZltDlxIibKfN2PlJJnD0VGPstDtXkHjEYBw/rs:fit:300:300/plain/https://cdn.example.com/placeholder.png@webp';

const BADGES = {
  sale: 'https://imgproxy.example.com/jI5acqVZW6_8rmONNkJbj3N3S6-U_XYwsO-VcXwwj4U/rs:fit:48:48/plain/https://CDN.Example.com/badges/sale.png',
  fresh: 'https://imgproxy.example.com/T1UoVukuS1s3YWZzOY0EK9yAMut_KnJRRAB-9Q2bmKg/rs:fit:48:48/plain/https://cdn.example.com/badges/new.png',
  eco: 'https://imgproxy.example.com/KqWleJuNREgOVQyyYIlt9a1PwXfjX3LDVrPGMZL5OrQ/rs:fit:48:48/plain/HTTPS://cdn.example.com/badges/eco.png',
  gift: 'https://imgproxy.example.com/34yCQzk4G62_9VF7J8lhGSLG2Vz67c78uB4EgQTDUVw/rs:fit:48:48/plain/https://cdn.example.com/Badges/Gift_Wrap.PNG',
} as const;

export function ProductCard({ product }: { product: Product }) {
  const src = product.imageUrl ?? PLACEHOLDER;
  // Built at render time; the source has a template hole, so the linter does not judge it.
  const zoom = `https://imgproxy.example.com/${product.zoomSignature}/rs:fit:1200:1200/plain/https://cdn.example.com/products/${product.sku}.jpg`;
  return (
    <article className="product-card">
      <a href={zoom}>
        <img
          src={src}
          srcSet={[
            'https://imgproxy.example.com/FwEXlv-CYtHpOh676qgwcLVimTDWMl2f3X7atNb4FyU/rs:fit:300:300/dpr:1/plain/https://cdn.example.com/products/4711/front.jpg@webp 1x',
            'https://imgproxy.example.com/JAlrhwHpOUv0bK8GjSL-WHjMBfpiq9AX0BmNwE9RxEk/rs:fit:300:300/dpr:2/plain/https://cdn.example.com/products/4711/front.jpg@webp 2x',
          ].join(', ')}
          alt={product.name}
        />
      </a>
      <img className="product-card__side" src="https://imgproxy.example.com/wXCtR0FG2LrboGhnNycgBkpTDROiuhDOijOitOkQ1Yc/rs:fit:300:300/qualty:80/plain/https://cdn.example.com/products/4711/side.jpg" alt="" />
      {product.badge && <img className="product-card__badge" src={BADGES[product.badge]} alt={product.badge} />}
      <h3>{product.name}</h3>
      <p className="product-card__price">{product.price.toFixed(2)} €</p>
    </article>
  );
}
