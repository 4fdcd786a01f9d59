"""The feed state of ``newsprism watch``: tables of the store's schema (version 3), read and written by
``ingest/watch.py``."""

WATCH_SCHEMA = (
    # One row per feed polled: the validators of its last full answer, sent back as If-None-Match /
    # If-Modified-Since (kept unchanged while an entry is still to be retried), and how the last poll went.
    """CREATE TABLE IF NOT EXISTS watch_feeds (
        feed TEXT PRIMARY KEY,   -- the feed URL or file, as given or as listed in an OPML file
        etag TEXT,               -- ETag header of the last 200 answer whose new entries were all stored
        last_modified TEXT,      -- Last-Modified header of that answer
        last_poll REAL,          -- Unix time of the last poll
        last_error TEXT          -- why the last poll failed; NULL when it worked
    )""",
    # One row per entry whose article is stored (never written before the store holds it).
    """CREATE TABLE IF NOT EXISTS watch_entries (
        feed TEXT NOT NULL,      -- watch_feeds.feed
        entry_id TEXT NOT NULL,  -- the entry's id / guid, else its link
        source TEXT NOT NULL,    -- the store's source name for it: FEED#entry=ENTRY_ID
        seen_at REAL NOT NULL,   -- Unix time its article was stored
        PRIMARY KEY (feed, entry_id)
    )""",
)
