"""Fixtures for `bench/holdout.py`: companies, people, organizations, places and private facts.

Written by hand for the held-out set, from issue 9 and docs/scanner.md only (see holdout.py's docstring).
Names avoid ordinary English words (Will, May, Grace...) so that every label is unambiguous; aliases are
persona names no real person in any context carries.
"""

from __future__ import annotations

COMPANIES = [
    {
        "names": ["Larkspur Cloud", "Larkspur"],
        "domain": "larkspur.example",
        "emails": ["help@larkspur.example", "billing@larkspur.example"],
        "phones": ["+44 20 7946 0321"],
        "spoken_phones": ["020 7946 0321", "+44 (0)20 7946 0321", "+44 20 7946 0321"],
        "urls": ["https://status.larkspur.example", "https://help.larkspur.example"],
        "ips": ["198.51.100.7"],
        "tz": "Europe/London",
        "region": "GB",
        "product": "Larkspur Drive",
        "currency": "£",
    },
    {
        "names": ["Tidewell Energy", "Tidewell"],
        "domain": "tidewell.example",
        "emails": ["care@tidewell.example"],
        "phones": ["+61 7 3108 4470"],
        "spoken_phones": ["07 3108 4470", "(07) 3108 4470", "+61 7 3108 4470"],
        "urls": ["https://tidewell.example/outages", "https://tidewell.example/help"],
        "ips": ["198.51.100.44"],
        "tz": "Australia/Brisbane",
        "region": "AU",
        "product": "the Tidewell app",
        "currency": "$",
    },
    {
        "names": ["Orchard Telecom", "Orchard"],
        "domain": "orchardtel.example",
        "emails": ["support@orchardtel.example"],
        "phones": ["+1 303 555 0147"],
        "spoken_phones": ["(303) 555-0147", "303-555-0147", "+1 303 555 0147"],
        "urls": ["https://status.orchardtel.example", "https://orchardtel.example/support"],
        "ips": ["203.0.113.250"],
        "tz": "America/Denver",
        "region": "US",
        "product": "Orchard Home Fiber",
        "currency": "$",
    },
    {
        "names": ["Kestrel Pay", "Kestrel"],
        "domain": "kestrelpay.example",
        "emails": ["hilfe@kestrelpay.example", "support@kestrelpay.example"],
        "phones": ["+49 30 9018 2270"],
        "spoken_phones": ["030 9018 2270", "+49 30 9018 2270", "+49 (0)30 90182270"],
        "urls": ["https://status.kestrelpay.example", "https://kestrelpay.example/docs"],
        "ips": ["192.0.2.81"],
        "tz": "Europe/Berlin",
        "region": "DE",
        "product": "the Kestrel dashboard",
        "currency": "€",
    },
]

# (first, last): staff, customers and their colleagues are all drawn from here, disjoint within a context.
PEOPLE = [
    ("Samuel", "Okafor"),
    ("Ingrid", "Halvorsen"),
    ("Tobias", "Brandt"),
    ("Yusuf", "Demir"),
    ("Marisol", "Quintero"),
    ("Oluwaseun", "Adeyemi"),
    ("Keiko", "Matsuda"),
    ("Fergus", "McAllister"),
    ("Anneliese", "Vogt"),
    ("Ravi", "Chandrasekar"),
    ("Bronwyn", "Pryce"),
    ("Dmitri", "Volkov"),
    ("Thandiwe", "Nkosi"),
    ("Lorcan", "Fitzgerald"),
    ("Paulina", "Wiśniewska"),
    ("Henrik", "Lindqvist"),
    ("Esperanza", "Galindo"),
    ("Callum", "Ferguson"),
    ("Ngozi", "Eze"),
    ("Matthias", "Kühn"),
    ("Siobhan", "Gallagher"),
    ("Arjun", "Mehta"),
    ("Leilani", "Kahale"),
    ("Bogdan", "Petrescu"),
    ("Hyun-woo", "Park"),
    ("Saoirse", "Brennan"),
    ("Emeka", "Obi"),
    ("Margit", "Szabó"),
    ("Cormac", "Doherty"),
    ("Anahera", "Parata"),
    ("Radek", "Novotný"),
    ("Zeynep", "Arslan"),
    ("Thibault", "Lefèvre"),
    ("Nadia", "Haddad"),
    ("Gideon", "Ashworth"),
    ("Mirela", "Popescu"),
    ("Kwame", "Asante"),
    ("Ottilie", "Brandvold"),
    ("Ignacio", "Ferreyra"),
    ("Wiremu", "Tane"),
    ("Liesbeth", "Van Damme"),
    ("Tariq", "Rahman"),
    ("Ximena", "Olvera"),
    ("Declan", "Moriarty"),
    ("Ayesha", "Siddiqui"),
    ("Bartholomew", "Quayle"),
    ("Sunniva", "Aasen"),
    ("Desmond", "Achterberg"),
    ("Priyanka", "Raghunathan"),
    ("Eamon", "Kavanagh"),
    ("Fenella", "Harcourt"),
    ("Jovana", "Marković"),
    ("Kofi", "Mensah"),
    ("Rosalind", "Etheridge"),
    ("Vikram", "Bhattacharya"),
    ("Annika", "Sjöberg"),
    ("Lachlan", "Buchanan"),
    ("Mei-Ling", "Cheung"),
    ("Osvaldo", "Carrizo"),
    ("Rafferty", "Coombes"),
    ("Svetlana", "Orlova"),
    ("Tomasz", "Zieliński"),
    ("Ugochi", "Nwosu"),
    ("Valentijn", "de Groot"),
    ("Wilhelmina", "Strandberg"),
    ("Yannick", "Moreau"),
    ("Zofia", "Kowalczyk"),
    ("Aurelio", "Benedetti"),
    ("Benedikt", "Aigner"),
    ("Chiamaka", "Okonkwo"),
    ("Dagny", "Holm"),
    ("Evander", "Pikesley"),
    ("Florentina", "Iliescu"),
    ("Gaspard", "Rousseau"),
    ("Hollis", "Whitcombe"),
    ("Isolde", "Fairweather"),
    ("Jarrah", "Whitlock"),
    ("Kasimir", "Hoffmann"),
    ("Ludmila", "Sokolova"),
    ("Maximilian", "Ortlieb"),
    ("Niamh", "Donnelly"),
    ("Oriane", "Chevalier"),
    ("Pádraig", "Ó Súilleabháin"),
    ("Quentin", "Marchetti"),
]

# Persona names customers see. None is any person's first name above.
ALIASES = ["Wren", "Rowan", "Jules", "Sasha", "Remy", "Noel", "Bay", "Ash", "Sol", "Teo", "Indy", "Onyx"]

# Public handles on social and forum channels: none contains a name above.
HANDLES = [
    "greenkettle",
    "byte_marmot",
    "nightowl_ops",
    "thecrankyfern",
    "lowtide77",
    "paperplane_hq",
    "m0ss_and_co",
    "rusty_anchor",
    "quietlighthouse",
    "spreadsheet_goblin",
    "tinroofblues",
    "deskplant42",
    "unpaid_intern_irl",
    "coffee_then_code",
    "the_real_pebble",
    "wintermelon_",
    "grumpy_gardener",
    "northsider88",
]

ORGANIZATIONS = [
    ("Bramble & Finch Design", "bramblefinch.co.uk"),
    ("Hollowtree Dental", "hollowtreedental.com"),
    ("Quarry Lane Brewing", "quarrylane.beer"),
    ("Mistral Freight", "mistralfreight.eu"),
    ("Saltmarsh Veterinary", "saltmarshvets.com.au"),
    ("Copperbeech Academy", "copperbeech.org"),
    ("Northgate Physio", "northgatephysio.com"),
    ("Vantablue Studios", "vantablue.io"),
    ("Gannet Marine Supplies", "gannetmarine.co"),
    ("Ridgeway Accountancy", "ridgewayaccounts.co.uk"),
    ("Pinecrest Realty", "pinecrestrealty.com"),
    ("Ebbtide Surf School", "ebbtidesurf.com.au"),
]

ROLES = ["office manager", "finance lead", "IT admin", "operations", "accounts payable", "managing director"]
STAFF_TEAMS = ["billing", "payments", "networks", "engineering", "onboarding", "escalations", "accounts"]

# Per region: where customers live, how their phones are written, their timezones.
REGIONS = {
    "GB": {
        "streets": [
            "{n} Albion Terrace, Leeds LS6 2HB",
            "Flat {n}, 9 Cathcart Road, Glasgow G42 7BE",
            "{n} Marlowe Close, Bristol BS7 8QF",
            "{n} Dunraven Street, Cardiff CF11 6LR",
        ],
        "phones": ["+44 7700 9{a:02d} {b:03d}", "+44 113 496 0{a:02d}{c}", "+44 161 496 0{a:02d}{c}"],
        "tzs": ["Europe/London"],
    },
    "AU": {
        "streets": [
            "{n} Boundary Street, West End QLD 4101",
            "Unit {n}, 40 Hutt Street, Adelaide SA 5000",
            "{n} Lygon Street, Carlton VIC 3053",
            "{n} Beaufort Street, Mount Lawley WA 6050",
        ],
        "phones": ["+61 491 570 {b:03d}", "+61 7 3555 0{a:02d}{c}", "+61 2 9555 0{a:02d}{c}"],
        "tzs": ["Australia/Brisbane", "Australia/Sydney", "Australia/Perth"],
    },
    "US": {
        "streets": [
            "{n} Larimer Street, Denver, CO 80205",
            "{n} Elm Avenue, Apt 4C, Boise, ID 83702",
            "{n} Chestnut Street, Philadelphia, PA 19103",
            "{n} W Alameda Ave, Lakewood, CO 80226",
        ],
        "phones": ["+1 720 555 01{a:02d}", "+1 208 555 01{a:02d}", "+1 215 555 01{a:02d}"],
        "tzs": ["America/Denver", "America/New_York", "America/Los_Angeles"],
    },
    "DE": {
        "streets": [
            "Kastanienallee {n}, 10435 Berlin",
            "Schillerstraße {n}, 04109 Leipzig",
            "Brunnenweg {n}, 50667 Köln",
            "Am Sandtorkai {n}, 20457 Hamburg",
        ],
        "phones": ["+49 151 2{a:02d}{b:03d}{c}{c}", "+49 30 5{a:02d}{b:03d}", "+49 221 9{a:02d}{b:03d}"],
        "tzs": ["Europe/Berlin"],
    },
}

# Private facts a customer tells in a private message, each with the ways an agent restates it. The
# restatements carry the fact (so they leak it on a public channel) without 8 words in a row of it.
PARAPHRASED_FACTS = [
    (
        "I cancelled my subscription on the 2nd of the month but you still took the payment on the 9th.",
        [
            "you cancelled on the 2nd but were still billed",
            "the plan was cancelled on the 2nd and a charge still went through on the 9th",
        ],
    ),
    (
        "My husband has been in hospital since March so I have not been able to open the post or pay anything.",
        [
            "your husband has been in hospital since March",
            "with your husband in hospital you could not keep up with the post",
        ],
    ),
    (
        "We are being audited by the tax office next week and need the corrected invoices before then.",
        ["you have a tax audit next week", "the tax office is auditing you next week"],
    ),
    (
        "I lost my job last month and cannot afford the new price, please put me on the cheapest plan.",
        ["since you lost your job last month", "after losing your job last month the new price is out of reach"],
    ),
    (
        "Our old director took the company laptop when he left and we never got the admin password back.",
        [
            "your former director left with the company laptop",
            "the admin password went with your old director's laptop",
        ],
    ),
    (
        "The meter reader let himself into the back garden without knocking and my dog got out.",
        [
            "the meter reader let himself into your garden and your dog got out",
            "your dog escaped when our meter reader came into the garden",
        ],
    ),
    (
        "I am moving to Portugal at the end of November, so please close the account after the last bill.",
        ["you are moving to Portugal at the end of November", "with your move to Portugal in late November"],
    ),
    (
        "We had a break-in at the office on Sunday night and the router was stolen.",
        ["the router was stolen in the break-in at your office", "after Sunday night's break-in took your router"],
    ),
    (
        "My bank flagged your charge as fraud and froze my debit card for a week.",
        [
            "your bank froze your debit card over our charge",
            "the bank flagged our payment as fraud and froze your card",
        ],
    ),
    (
        "I am registered blind and the new app does not work with my screen reader at all.",
        [
            "as you are registered blind and the app fails with your screen reader",
            "the app does not work with the screen reader you rely on as a blind user",
        ],
    ),
    (
        "We're a small charity and the overdue payment is because our grant was delayed until January.",
        ["your grant was delayed until January", "the charity's grant has slipped to January"],
    ),
    (
        "I'm pregnant and on bed rest, so I can't be home for an engineer visit before February.",
        ["you are on bed rest during your pregnancy", "with you on bed rest until February"],
    ),
    (
        "Our payroll failed because your outage stopped the bank file upload, and 40 staff were paid late.",
        ["40 of your staff were paid late because of the outage", "the outage made your payroll late for 40 people"],
    ),
    (
        "The previous tenant is still receiving our bills at their new address in Croydon.",
        [
            "the previous tenant is still getting your bills in Croydon",
            "your bills keep going to the old tenant's new place in Croydon",
        ],
    ),
]

# Facts that an internal note records, with restatements. Their subject is our own handling of the case.
NOTE_FACTS = [
    (
        "Refund issued on 12 Nov via the card processor, waiting for the customer to confirm receipt.",
        [
            "the refund was issued and we're waiting for you to confirm it arrived",
            "we sent the refund on the 12th and need you to tell us it landed",
        ],
    ),
    (
        "Customer threatened a chargeback; finance agreed a goodwill credit of 50 but do not offer it unless asked.",
        ["finance has agreed a goodwill credit of 50", "there is a 50 credit approved for you by finance"],
    ),
    (
        "Flagged as a likely churn risk, renewal is due in January and they are comparing competitors.",
        [
            "we know you are comparing other providers before the January renewal",
            "your renewal is up in January and you're shopping around",
        ],
    ),
    (
        "Engineer visit was missed because our contractor double-booked, do not blame the customer.",
        [
            "our contractor double-booked and that's why the engineer never came",
            "the visit was missed because the contractor double-booked",
        ],
    ),
    (
        "Fraud team placed a temporary hold on the account after three failed logins from abroad.",
        [
            "our fraud team put a hold on the account after failed logins from abroad",
            "the account was held after three failed sign-ins from overseas",
        ],
    ),
    (
        "Legal asked us not to admit fault for the data export bug until the review is finished.",
        ["legal has asked us not to admit fault yet", "we can't admit fault until the legal review is done"],
    ),
]
