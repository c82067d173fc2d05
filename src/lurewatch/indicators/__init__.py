"""The indicator catalogue (catalogue.yaml) and the recognizer that finds its entries in messages."""

from lurewatch.indicators.catalogue import Catalogue, IndicatorSpec, load_catalogue
from lurewatch.indicators.recognizer import Hit, Recognizer, default_recognizer

__all__ = ["Catalogue", "Hit", "IndicatorSpec", "Recognizer", "default_recognizer", "load_catalogue"]
