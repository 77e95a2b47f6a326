"""The decisions feed as Atom (Django's own feed generator) and as JSON Feed 1.1."""

from django.utils.feedgenerator import Atom1Feed

from treatsafe.core.links import absolute
from treatsafe.notifications.services import describe

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def atom(items: list[dict], title: str, page_path: str, feed_path: str) -> str:
    feed = Atom1Feed(
        title=title,
        link=absolute(page_path),
        description="Accreditation decisions, suspensions and revocations, with date and reason.",
        feed_url=absolute(feed_path),
        feed_guid=absolute(feed_path),
        language="en-GB",
        author_name="TreatSafe register",
    )
    for item in items:
        feed.add_item(
            title=item["title"],
            link=item["listing_url"],
            description=describe(item),
            unique_id=absolute(f"{feed_path}#{item['id']}"),
            unique_id_is_permalink=False,
            pubdate=item["created_at"],
            updateddate=item["created_at"],
            categories=[item["action"]],
        )
    return feed.writeString("utf-8")


def json_feed(items: list[dict], title: str, page_path: str, feed_path: str) -> dict:
    return {
        "version": JSON_FEED_VERSION,
        "title": title,
        "home_page_url": absolute(page_path),
        "feed_url": absolute(feed_path),
        "language": "en-GB",
        "items": [
            {
                "id": absolute(f"{feed_path}#{item['id']}"),
                "url": item["listing_url"],
                "title": item["title"],
                "content_text": describe(item),
                "date_published": item["date"],
                "tags": [item["action"]],
                "_treatsafe": {
                    "action": item["action"],
                    "listing_id": item["listing_id"],
                    "listing_name": item["listing_name"],
                    "status": item["status"],
                    "status_label": item["status_label"],
                    "accredited_until": item["accredited_until"],
                    "reason": item["reason"],
                },
            }
            for item in items
        ],
    }
