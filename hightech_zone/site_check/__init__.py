"""The site check (网站检查): column freshness, links, attachments and policy metadata."""
