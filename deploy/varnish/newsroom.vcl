# Varnish 7 in front of the newsroom's gunicorn: pages cached as the app's
# Cache-Control allows, purged by surrogate key (vmod xkey), view-beacon floods shed
# here (vmod vsthrottle) before they reach a Python worker.
#
# Needs Debian's `varnish` and `varnish-modules`. The blocks between "# BEGIN x" and
# "# END x" are the site's own values: `manage.py varnish_vcl` prints this file with
# them filled from the settings (TRUSTED_PROXIES, BEACON_RATE_LIMIT) and its
# arguments; as committed they suit one gunicorn on this machine. docs/deploy.md
# explains every part, and the Fastly and Cloudflare equivalents.
vcl 4.1;

import std;
import xkey;
import vsthrottle;
# vtc.sleep() is the only delay VCL has (vmod_vtc ships with Varnish): the beacon tarpit.
import vtc;

# BEGIN backend
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}
# END backend

# Who may purge: the app servers (public.cdn sends `PURGE` with an `xkey` header).
# BEGIN purgers
acl purgers {
    "127.0.0.1"/32;
    "::1"/128;
}
# END purgers

# Proxies whose X-Forwarded-For entries we believe (the app's TRUSTED_PROXIES): a
# load balancer or CDN edge in front of this Varnish. Everyone else is a reader.
# BEGIN trusted_proxies
acl trusted_proxies {
}
# END trusted_proxies

sub vcl_recv {
    # Only we say who the reader is (as newsroom.clientip does in the app).
    unset req.http.X-Newsroom-Client;
    unset req.http.X-Newsroom-Reader;
    call newsroom_client;
    # We assemble pages by ESI: the app then leaves the ticker to /breaking/ticker, so a
    # ticker change purges that one object and no page (public.caching).
    set req.http.Surrogate-Capability = "newsroom=ESI/1.0";

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey) {
            # Hard purge: the next reader gets the new page, never a stale copy in grace.
            set req.http.X-Purged = xkey.purge(req.http.xkey);
            return (synth(200, "Invalidated " + req.http.X-Purged + " objects"));
        }
        return (purge);
    }

    if (req.url ~ "^/beacon/") {
        # A reader sends one beacon per page read; a flood from one reader is turned
        # away here, for a minute, without costing gunicorn an accept or a parse. The
        # refusal waits a moment first (a tarpit): a flooder's connections then send
        # one request each per delay instead of thousands a second, which would cost
        # this machine's cores. At most 100 refusals a second wait (threads sleeping:
        # 100 x the delay); beyond that they are answered at once.
        # BEGIN beacon_limit
        if (vsthrottle.is_denied("beacon:" + req.http.X-Newsroom-Reader, 60, 60s, 60s)) {
            if (!vsthrottle.is_denied("beacon-tarpit", 100, 1s)) {
                vtc.sleep(1000ms);
            }
            return (synth(429, "Too Many Requests"));
        }
        # END beacon_limit
        return (pass);
    }

    # Staff (signed in) and the admin, the API with a key, and writes go to the app.
    if (req.url ~ "^/(admin|accounts)/" || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    if (req.url ~ "^/api/" && (req.http.Authorization || req.http.X-API-Key)) {
        return (pass);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Readers' cookies (analytics, a stale csrftoken) never change a public page.
    unset req.http.Cookie;
    return (hash);
}

# The reader's address, walking X-Forwarded-For from the right past trusted proxies
# (Varnish has already appended client.ip to it), at most three trusted hops deep.
# An IPv6 reader counts as its /64 when its address spells the four prefix groups.
sub newsroom_client {
    set req.http.X-Newsroom-Client = client.ip;
    if (client.ip ~ trusted_proxies) {
        set req.http.X-Newsroom-Hops = regsub(req.http.X-Forwarded-For, "\s*,?\s*[^,]*$", "");
        call newsroom_next_hop;
        if (std.ip(req.http.X-Newsroom-Client, "0.0.0.0", resolve = false) ~ trusted_proxies) {
            call newsroom_next_hop;
            if (std.ip(req.http.X-Newsroom-Client, "0.0.0.0", resolve = false) ~ trusted_proxies) {
                call newsroom_next_hop;
            }
        }
        unset req.http.X-Newsroom-Hops;
    }
    # The unit a limit counts in (newsroom.clientip.client_key).
    set req.http.X-Newsroom-Reader = regsub(req.http.X-Newsroom-Client,
        "^([0-9a-fA-F]+:[0-9a-fA-F]+:[0-9a-fA-F]+:[0-9a-fA-F]+):.*$", "\1::/64");
}

# The next hop to the left, if there is one and it is an address; garbage stops the
# walk at the last trusted hop (what a client wrote left of it is not evidence).
sub newsroom_next_hop {
    if (req.http.X-Newsroom-Hops ~ "[^\s,]") {
        set req.http.X-Newsroom-Hop = regsub(req.http.X-Newsroom-Hops, "^.*,\s*", "");
        set req.http.X-Newsroom-Hop = regsub(req.http.X-Newsroom-Hop, "\s+$", "");
        if (std.ip(req.http.X-Newsroom-Hop, "0.0.0.0", resolve = false) != std.ip("0.0.0.0", "0.0.0.0")) {
            set req.http.X-Newsroom-Client = std.ip(req.http.X-Newsroom-Hop, "0.0.0.0", resolve = false);
            set req.http.X-Newsroom-Hops = regsub(req.http.X-Newsroom-Hops, "\s*,?\s*[^,]*$", "");
        } else {
            set req.http.X-Newsroom-Hops = "";
        }
        unset req.http.X-Newsroom-Hop;
    }
}

sub vcl_backend_fetch {
    # The app is told only the reader we found: what stood left of it in
    # X-Forwarded-For was not evidence here and must not become evidence there (where
    # this Varnish's own address is trusted, which a local client also connects from).
    set bereq.http.X-Forwarded-For = bereq.http.X-Newsroom-Client;
    unset bereq.http.X-Newsroom-Client;
    unset bereq.http.X-Newsroom-Reader;
}

sub vcl_backend_response {
    # The app names what a page shows in Surrogate-Key (and xkey); xkey indexes it.
    if (!beresp.http.xkey && beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    if (beresp.http.Surrogate-Control ~ "ESI/1.0") {
        unset beresp.http.Surrogate-Control;
        set beresp.do_esi = true;
        # The assembled page changes with the ticker: no validator of the page alone.
        unset beresp.http.ETag;
        unset beresp.http.Last-Modified;
    }
    # Never store a page that sets a cookie (a personal answer).
    if (beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
}

sub vcl_synth {
    if (resp.status == 429) {
        # A refused reader is blocked for a minute (the builtin VCL would say 5 s).
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.http.Retry-After = "60";
        set resp.body = "Too Many Requests";
        return (deliver);
    }
}

sub vcl_deliver {
    # Readers need neither the keys nor our bookkeeping; X-Cache says hit or miss.
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
}
