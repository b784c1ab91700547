"""Per-user throttles whose rates are read when a request arrives.

DRF's throttles copy ``DEFAULT_THROTTLE_RATES`` when the class is defined; these
read the current settings so an operator (or a test) can change them.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle, UserRateThrottle


class UserThrottle(UserRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class ScopedThrottle(ScopedRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
