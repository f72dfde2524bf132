from django.contrib.admin.apps import AdminConfig


class FairbidAdminConfig(AdminConfig):
    """Django admin with Fairbid's site (config/admin_site.py) as the default admin.site."""

    default_site = "config.admin_site.FairbidAdminSite"
