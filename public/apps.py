from django.apps import AppConfig


class PublicConfig(AppConfig):
    """What readers get: views, selectors, feeds, sitemaps, metadata and caching. No models."""

    name = "public"
    verbose_name = "Public site"

    def ready(self):
        # The public site listens to the content room; the content room never imports it.
        from articles.signals import content_changed, live_updates_changed
        from public import boxes, caching, cdn, dependencies, selectors

        dependencies.connect()
        content_changed.connect(dependencies.announced, dispatch_uid="public_invalidate_on_content_change")
        live_updates_changed.connect(caching.invalidate_live, dispatch_uid="public_invalidate_live_blog")
        # The ticker block (public.caching) renders the selectors' ticker items.
        caching.ticker_items = selectors.live_breaking_items
        # Read Next and Most Read: one block per section or edition, filled into pages.
        caching.box_loader = boxes.load
        caching.box_item_loader = boxes.load_items
        caching.box_listing_keys.update(boxes.LISTING_KEYS)
        # The CDN in front is purged of the keys each committed change made stale.
        caching.keys_invalidated.connect(cdn.purge_keys, dispatch_uid="public_purge_cdn_keys")
