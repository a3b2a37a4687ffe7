"""The six smart-city dimensions and their sub-dimensions: the movement's shared vocabulary,
used by programmes (what a region does) and by evaluation criteria (what is scored)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Dimension(models.TextChoices):
    GOVERNANCE = "governance", "Smart Governance"
    BRANDING = "branding", "Smart Branding"
    ECONOMY = "economy", "Smart Economy"
    LIVING = "living", "Smart Living"
    SOCIETY = "society", "Smart Society"
    ENVIRONMENT = "environment", "Smart Environment"


class SubDimension(models.TextChoices):
    PUBLIC_SERVICES = "public_services", _("Public services")
    PUBLIC_POLICY = "public_policy", _("Public policy")
    BUREAUCRACY = "bureaucracy", _("Bureaucracy")
    TOURISM = "tourism", _("Tourism")
    BUSINESS = "business", _("Business")
    CITY_APPEARANCE = "city_appearance", _("City appearance")
    INDUSTRY = "industry", _("Industry")
    WELFARE = "welfare", _("Welfare")
    TRANSACTIONS = "transactions", _("Transactions")
    HARMONY = "harmony", _("Harmony")
    HEALTH = "health", _("Health")
    MOBILITY = "mobility", _("Mobility")
    COMMUNITY = "community", _("Community")
    LEARNING = "learning", _("Learning")
    SECURITY = "security", _("Security")
    PROTECTION = "protection", _("Environmental protection")
    WASTE = "waste", _("Waste")
    ENERGY = "energy", _("Energy")


SUB_DIMENSIONS = {
    Dimension.GOVERNANCE: [SubDimension.PUBLIC_SERVICES, SubDimension.PUBLIC_POLICY, SubDimension.BUREAUCRACY],
    Dimension.BRANDING: [SubDimension.TOURISM, SubDimension.BUSINESS, SubDimension.CITY_APPEARANCE],
    Dimension.ECONOMY: [SubDimension.INDUSTRY, SubDimension.WELFARE, SubDimension.TRANSACTIONS],
    Dimension.LIVING: [SubDimension.HARMONY, SubDimension.HEALTH, SubDimension.MOBILITY],
    Dimension.SOCIETY: [SubDimension.COMMUNITY, SubDimension.LEARNING, SubDimension.SECURITY],
    Dimension.ENVIRONMENT: [SubDimension.PROTECTION, SubDimension.WASTE, SubDimension.ENERGY],
}


def dimension_of(sub_dimension):
    for dimension, subs in SUB_DIMENSIONS.items():
        if sub_dimension in subs:
            return dimension
    return None
