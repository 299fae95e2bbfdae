# Rails helper building imgproxy URLs with the imgproxy gem.
module ProductImageHelper
  def hero_image_url
    Imgproxy.url_for("https://Shop-Assets.example.com/hero.jpg", width: 1200, height: 600)
  end

  def thumb_url(product)
    Imgproxy.url_for(product.image_url, width: 300)
  end

  def logo_info_url
    Imgproxy.info_url_for("https://cdn.example.com/logo.png")
  end
end
