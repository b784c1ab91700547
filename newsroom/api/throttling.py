"""Per-user throttles whose rates are read when a request arrives.

DRF's throttles copy ``DEFAULT_THROTTLE_RATES`` when the class is defined; these
read the current settings so an operator (or a test) can change them.
"""

import logging

from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle, UserRateThrottle

logger = logging.getLogger(__name__)


class _CacheOutageTolerant:
    """Let requests through when the throttle cache cannot be reached.

    The counters live in the cache (Redis in production); losing it must not take
    the whole API down with it.
    """

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:  # noqa: BLE001 - redis and socket errors alike
            logger.warning("Throttle cache unreachable; request allowed unthrottled.")
            return True


class UserThrottle(_CacheOutageTolerant, UserRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class ScopedThrottle(_CacheOutageTolerant, ScopedRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
