"""Category pages for the Django back office. Banner URLs are pre-signed imgproxy URLs."""
from django.http import JsonResponse
from django.views.decorators.http import require_GET

CATEGORY_BANNERS = {
    "home": "https://imgproxy.example.com/hIJQB-kVE84irBLfyxV2nFy7CW6Ce023SHJYmyFaock/rs:fill:1200:300/plain/https%3A%2F%2FCDN.Example.com%2Fbanners%2Fhome.jpg@webp",
    "kitchen": "https://imgproxy.example.com/m6adKpxWsSM6xbQJRvDoGA6j50eRrjcqiK20O8ow4zY/rs:fill:1200:300/plain/https%3A%2F%2Fcdn.example.com%2Fbanners%2Fkitchen.jpg%3Fv%3D2@webp",
    "garden": "https://imgproxy.example.com/hrr6KSBJpknItNATjJFpzs5GZBZq_pg5AcECt2Ts_G0/rs:fill:1200:300/plain/https://cdn.example.com./banners/garden.jpg@webp",
    "sale": "https://imgproxy.example.com/WXa4VA64U26o_IhMPA2Vt1f5II8HVHDI-hPeuIA-R3E/rs:fill:1200:300/plain/https://cdn.example.com%40promo.example.net/banners/sale.jpg@webp",
    "outlet": "https://imgproxy.example.com/Pgvr9bBO7ER-0NP7NBkQBXuEgDZEat9ULPAgyNGrSwk/rs:fill:1200:300/plain/https://cdn.example.cmo/banners/outlet.jpg@webp",
    "bath": "https://imgproxy.example.com/_HhCACFsA7Wei9qRbIsB70umEuj7n2_iA_L0wm1RKVQ/pr:banner/plain/https://cdn.example.com/banners/bath.jpg",
}

# Local development and the in-store kiosk camera.
DEV_BANNER = "https://imgproxy.example.com/_vf-GC2hkJ3wDFu2XQ9Z3j369AjQjL815qmy_mKBOP0/rs:fill:1200:300/plain/http://127.0.0.1:9000/uploads/banner.jpg"
KIOSK_SNAPSHOT = "https://imgproxy.example.com/wbCcWlOeipGo6vp2UoJd4WKHkUVXiV-q5ryP4a6FBg4/rs:fit:640:480/plain/http://169.254.10.20/snapshot.jpg"


@require_GET
def category(request, slug):
    banner = CATEGORY_BANNERS.get(slug, CATEGORY_BANNERS["home"])
    return JsonResponse({"slug": slug, "banner": banner})


# Thumbnails for the newsletter, built with the `imgproxy` package from PyPI.
def newsletter_thumb():
    from imgproxy import ImgProxy
    return str(ImgProxy("https://News.Example.com/latest.jpg", proxy_host="https://imgproxy.example.com", width=600))
