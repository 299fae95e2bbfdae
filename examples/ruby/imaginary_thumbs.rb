# Order confirmation e-mails resize product shots with Imaginary (imaginary.example.com:8088).
require "erb"

module ImaginaryThumbs
  BASE = "https://imaginary.example.com:8088"

  def self.thumbnail(url, width: 200, height: 200)
    "#{BASE}/thumbnail?width=#{width}&height=#{height}&url=#{ERB::Util.url_encode(url)}"
  end

  EMAIL_HEADER = "https://imaginary.example.com:8088/resize?width=600&type=jpeg&url=https%3A%2F%2Fcdn.example.com%2Femail%2Fheader.png"
  SPONSOR = "https://imaginary.example.com:8088/thumbnail?width=120&height=60&url=https%3A%2F%2FSponsor.Example.com%2Flogo.png"
  PARTNER = "https://imaginary.example.com:8088/crop?width=300&height=300&url=https://Partners.Example.com/a.jpg&sign=Vq3mB0yGZ7lWm9d1xY5kR2tQ8hN4cJ6pL0sA7fE3uIw"
end
