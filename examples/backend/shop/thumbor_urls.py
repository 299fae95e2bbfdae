"""Blog thumbnails, served by thumbor at thumbor.example.com (SECURITY_KEY in .env)."""
import base64
import hashlib
import hmac
import os

THUMBOR = "https://thumbor.example.com"


def thumbor_url(path: str) -> str:
    key = os.environ["SECURITY_KEY"].encode()
    digest = hmac.new(key, path.encode(), hashlib.sha1).digest()
    return f"{THUMBOR}/{base64.urlsafe_b64encode(digest).decode()}/{path}"


# Signed URLs kept in the blog's fixtures.
POST_COVER = "https://thumbor.example.com/fYNaKaN_Fo8K08NDw9cQ3KhqIgw=/fit-in/800x450/smart/https://blog.example.com/covers/autumn.jpg"
AUTHOR_AVATAR = "https://thumbor.example.com/jZk5daqXrGypZGHSw0F1Nkxm_xA=/96x96/smart/https://Gravatar.Example.com/avatar/ab12.jpg"
GALLERY_FRAME = "https://thumbor.example.com/unsafe/300x200/filters:frame(https://Frames.Example.com/frame.9.png)/https%3A//blog.example.com/gallery/1.jpg"
LEGACY_POST = "https://thumbor.example.com/unsafe/300x200/Images.Example.com/legacy/1.jpg"
