"""Test settings, with Sentry on (SENTRY_DSN from the environment) and a view that fails."""

from coproduction.settings_test import *  # noqa: F403

ROOT_URLCONF = "tests.support.failing_urls"
