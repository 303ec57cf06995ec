"""Writes electronics-events.csv: a deterministic, made-up event log for the example map
(electronics-retailer.json). Customers walk the map's transitions from an entry of their segment, sometimes
loop (shipping back to the cart), sometimes leave the designed map (payment trouble sends them to the phone
line), and a few meet a touchpoint the map does not have (newsletter_signup). Run: python3 make_events.py"""
import csv
import datetime as dt
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
MAP = json.load(open(os.path.join(HERE, "electronics-retailer.json")))
CUSTOMERS = 3000
rng = random.Random(20261122)

touch = {t["id"]: t for t in MAP["touchpoints"]}
succ = {t: [] for t in touch}
for tr in MAP["transitions"]:
    succ[tr["from"]].append(tr["to"])
# Undesigned moves customers make anyway.
extra = {"payment": ["phone_advice"], "compare_reviews": ["newsletter_signup"], "newsletter_signup": ["product_page"]}
goals = set(MAP["goals"])
entries = {"online": ["social_ad", "search_result"], "offline": ["shop_window", "catalogue"]}
devices = {"web": "desktop", "mobile_app": "mobile", "store": "in_person", "phone": "voice", "email": "mobile",
           "chat": "desktop", "social": "mobile", "paid_ads": "mobile", "search": "desktop", "print": "any",
           "third_party": "any"}
# Chance to leave after a touchpoint (the funnel narrows).
leave = {"social_ad": 0.45, "search_result": 0.35, "shop_window": 0.4, "catalogue": 0.5, "product_page": 0.3,
         "compare_reviews": 0.25, "cart": 0.25, "shipping": 0.2, "payment": 0.1, "store_advice": 0.3,
         "phone_advice": 0.4, "order_confirmation": 0.3, "store_checkout": 0.4, "home_delivery": 0.3,
         "loyalty_email": 0.6, "review_request": 0.5}

def fits(segment, t):
    personas = touch[t]["personas"] if t in touch and "personas" in touch[t] else []
    return not personas or ("savvy" if segment == "online" else "traditional") in personas

rows = []
start = dt.datetime(2026, 9, 1, 8, 0, tzinfo=dt.timezone.utc)
for n in range(CUSTOMERS):
    cid = f"c{n:05d}"
    segment = "online" if rng.random() < 0.62 else "offline"
    t = rng.choice(entries[segment])
    when = start + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 60))
    session = 1
    value = 0.0
    for step in range(14):
        channel = touch[t]["channel"] if t in touch else "email"
        if t in goals and value == 0.0:
            value = round(rng.uniform(299, 1899), 2)
            order = value
        else:
            order = 0.0
        rows.append([cid, when.strftime("%Y-%m-%dT%H:%M:%SZ"), t, channel, devices.get(channel, "any"),
                     f"{cid}-s{session}", segment, f"{order:.2f}" if order else "0"])
        if rng.random() < leave.get(t, 0.35):
            break
        options = [s for s in succ.get(t, []) if fits(segment, s)] + extra.get(t, []) * (rng.random() < 0.15)
        if t == "shipping" and rng.random() < 0.3:
            options = ["cart"]
        if not options:
            break
        nxt = rng.choice(options)
        gap = rng.choice([rng.uniform(0.5, 20), rng.uniform(20, 240), rng.uniform(600, 60 * 24 * 5)])
        if gap > 120:
            session += 1
        when += dt.timedelta(minutes=gap)
        t = nxt

with open(os.path.join(HERE, "electronics-events.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["customer_id", "timestamp", "touchpoint", "channel", "device", "session", "segment", "order_value"])
    w.writerows(rows)
print(len(rows), "events,", CUSTOMERS, "customers")
