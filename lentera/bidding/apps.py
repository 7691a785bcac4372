from django.apps import AppConfig


class BiddingConfig(AppConfig):
    name = "lentera.bidding"
    label = "bidding"
