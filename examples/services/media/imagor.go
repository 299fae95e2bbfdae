// Package media builds the imagor URLs of the product media (imagor at imagor.example.com, signed with
// IMAGOR_SECRET; see .env).
package media

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
)

const imagorBase = "https://imagor.example.com"

// Sign returns the imagor URL of path: HMAC-SHA1 of the path with IMAGOR_SECRET, base64url with padding.
func Sign(secret, path string) string {
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write([]byte(path))
	return imagorBase + "/" + base64.URLEncoding.EncodeToString(mac.Sum(nil)) + "/" + path
}

// Catalogue holds the URLs of the printed catalogue's export, signed once at build time.
var Catalogue = map[string]string{
	"hero":      "https://imagor.example.com/Wno_M2wBmaLsPZbwsoLqckWbbCE=/fit-in/1200x400/filters:quality(80)/https://cdn.example.com/marketing/hero.jpg",
	"vendor":    "https://imagor.example.com/e0SZ13uy1MqoNIyfo9LGZP764L0=/300x300/smart/https://Vendors.Example.com/logos/pine.png",
	"banner":    "https://imagor.example.com/unsafe/fit-in/600x200/b64:aHR0cHM6Ly9CYW5uZXJzLkV4YW1wbGUuY29tL2F1dHVtbi5qcGc",
	"watermark": "https://imagor.example.com/unsafe/800x0/filters:watermark(https://Brand.Example.com/mark.png,repeat,bottom,10)/cdn.example.com/products/42.jpg",
	"thumb":     "https://imagor.example.com/unsafe/200x200/cdn.example.com/products/42.jpg",
}
