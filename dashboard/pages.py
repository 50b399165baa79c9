"""The dashboard's pages: module in app_pages/, icon and URL path, the overview first and the default."""

# Emoji icons: the browser draws them as a local favicon, where material icons come from a font CDN.
PAGES = (
    ("overview", "📊", "overview"),
    ("provinces", "🗺️", "provinces"),
    ("categories", "🗂️", "categories"),
    ("sources", "🏛️", "sources"),
    ("digital_economy", "📈", "digital-economy"),
    ("exchanges", "🏦", "exchanges"),
    ("quality", "✅", "data-quality"),
)

# Streamlit serves the default page at the root only: its own path answers "Page not found", so
# `dexstat serve` redirects it to the root (dashboard/server.py).
DEFAULT_PATH = PAGES[0][2]
