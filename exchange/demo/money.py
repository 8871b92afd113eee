"""Currencies and exchange rates: what a unit is usually worth, how the rates move over the
years, and how a price is rounded to what a price list would show."""

import datetime
import random
from decimal import Decimal

from exchange.demo.context import Run
from exchange.demo.helpers import decimal
from exchange.rates.models import ExchangeRate

# Typical value of one unit in CNY, and how much it moves in half a year.
CURRENCIES = {
    "USD": ("7.10", 0.02),
    "EUR": ("7.80", 0.03),
    "GBP": ("9.10", 0.03),
    "JPY": ("0.048", 0.04),
    "KRW": ("0.0053", 0.03),
    "RUB": ("0.080", 0.08),
    "CHF": ("8.10", 0.03),
    "CAD": ("5.20", 0.03),
    "AUD": ("4.70", 0.04),
    "HKD": ("0.91", 0.01),
    "SGD": ("5.30", 0.02),
    "INR": ("0.085", 0.03),
    "BRL": ("1.30", 0.06),
    "SEK": ("0.68", 0.04),
    "THB": ("0.20", 0.03),
    "CNY": ("1", 0.0),
}
# What a sum in each is called in Chinese: "3000元人民币", "3000美元".
CURRENCY_NAMES_ZH = {
    "USD": "美元", "EUR": "欧元", "GBP": "英镑", "JPY": "日元", "KRW": "韩元", "RUB": "卢布",
    "CHF": "瑞士法郎", "CAD": "加拿大元", "AUD": "澳大利亚元", "HKD": "港元", "SGD": "新加坡元",
    "INR": "印度卢比", "BRL": "巴西雷亚尔", "SEK": "瑞典克朗", "THB": "泰铢", "CNY": "元人民币",
}  # fmt: skip
MICRO = Decimal("0.000001")
CENT = Decimal("0.01")


def exchange_rates(rng: random.Random, run: Run, currencies: set[str]) -> list[ExchangeRate]:
    """Rates from 1 January and 1 July of each year: a random walk around the usual rate."""
    days = [
        datetime.date(year, month, 1)
        for year in range(run.first_day.year, run.until.year + 1)
        for month in (1, 7)
        if datetime.date(year, month, 1) <= run.until
    ]
    rates = []
    for currency in sorted(currencies - {run.base}):
        usual = usual_rate(currency, run.base)
        volatility = CURRENCIES[currency][1]
        rate = usual
        for day in days:
            rate = next_rate(rng, rate, usual, volatility)
            rates.append(ExchangeRate(currency=currency, valid_from=day, rate=rate))
    return rates


def usual_rate(currency: str, base: str) -> Decimal:
    """How many base units one unit is usually worth."""
    return Decimal(CURRENCIES[currency][0]) / Decimal(CURRENCIES[base][0])


def next_rate(rng: random.Random, rate: Decimal, usual: Decimal, volatility: float) -> Decimal:
    # Pulled back a quarter of the way to the usual rate, plus a random move.
    move = decimal(rng.gauss(0, volatility), 4)
    rate = rate + (usual - rate) / 4 + rate * move
    return max(rate, usual / 2).quantize(MICRO)


def nice_price(amount: Decimal, currency: str) -> Decimal:
    """Round to what a price list would show: ¥128.00, $34.95, ¥3,800, ₩25,000."""
    if amount >= 10000:
        step = Decimal(1000)
    elif amount >= 1000:
        step = Decimal(100)
    elif amount >= 100:
        step = Decimal(10)
    else:
        step = Decimal(1)
    price = max(step, (amount / step).quantize(Decimal(1)) * step)
    if currency == "CNY" and step == 10:
        price -= 2  # Chinese list prices like 128 and 168
    elif step == 1 and currency in ("USD", "EUR", "GBP", "CAD", "AUD", "SGD", "CHF"):
        price -= Decimal("0.05")
    return price.quantize(CENT)
