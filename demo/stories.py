"""The words of the demo: places, story templates per section, body paragraphs per beat,
live updates and the breaking lines of the ticker.

Stories name places, institutions and roles, never a real living person. A template
fills ``{city}``, ``{country}``, ``{adj}`` (the people's adjective, "Lebanese"),
``{actor}`` (one of the template's ``actors``), ``{fm}`` (the foreign ministry) and numbers (``{few}``, ``{dozens}``,
``{pct}``, ``{k}``, ``{seats}``, ``{temp}``, ``{turnout}``, ``{nth}``) chosen per article by ``demo.seed``.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """A dateline: ``city``, ``country`` (as it reads mid-sentence), ``adj`` ("Lebanese"),
    ``region`` (a ``Region`` slug), ``tag`` and ``traits`` that templates may require
    ("capital", "coast", "desert", "oil", "conflict", "sanctioned", "siege", "mediator", "west")."""

    city: str
    country: str
    adj: str
    region: str
    tag: str
    traits: frozenset

    @property
    def fm(self):
        """The foreign ministry, as a sentence names it after "the"."""
        return "State Department" if self.adj == "US" else f"{self.adj} foreign ministry"


def _place(city, country, adj, region, tag, traits=""):
    return Place(city, country, adj, region, tag, frozenset(traits.split()))


PLACES = [
    _place("Gaza", "the Gaza Strip", "Palestinian", "palestine", "Gaza", "coast conflict siege"),
    _place("Ramallah", "the occupied West Bank", "Palestinian", "palestine", "West Bank", "conflict"),
    _place("Jenin", "the occupied West Bank", "Palestinian", "palestine", "West Bank", "conflict"),
    _place("Beirut", "Lebanon", "Lebanese", "mena", "Lebanon", "capital coast"),
    _place("Tyre", "Lebanon", "Lebanese", "mena", "Lebanon", "coast conflict"),
    _place("Damascus", "Syria", "Syrian", "mena", "Syria", "capital sanctioned"),
    _place("Sanaa", "Yemen", "Yemeni", "mena", "Yemen", "capital sanctioned conflict desert"),
    _place("Hodeidah", "Yemen", "Yemeni", "mena", "Yemen", "coast conflict"),
    _place("Baghdad", "Iraq", "Iraqi", "west-asia", "Iraq", "capital oil"),
    _place("Basra", "Iraq", "Iraqi", "west-asia", "Iraq", "coast oil desert"),
    _place("Tehran", "Iran", "Iranian", "west-asia", "Iran", "capital sanctioned oil"),
    _place("Amman", "Jordan", "Jordanian", "mena", "Jordan", "capital desert"),
    _place("Cairo", "Egypt", "Egyptian", "mena", "Egypt", "capital desert mediator"),
    _place("Doha", "Qatar", "Qatari", "mena", "Qatar", "capital coast desert mediator"),
    _place("Algiers", "Algeria", "Algerian", "africa", "Algeria", "capital coast oil mediator"),
    _place("Caracas", "Venezuela", "Venezuelan", "latin-america", "Venezuela", "capital sanctioned oil"),
    _place("Havana", "Cuba", "Cuban", "latin-america", "Cuba", "capital coast sanctioned"),
    _place("La Paz", "Bolivia", "Bolivian", "latin-america", "Bolivia", "capital"),
    _place("Moscow", "Russia", "Russian", "europe", "Russia", "capital sanctioned mediator"),
    _place("Athens", "Greece", "Greek", "europe", "Greece", "capital coast west"),
    _place("Brussels", "Belgium", "Belgian", "europe", "European Union", "capital west"),
    _place("Beijing", "China", "Chinese", "asia", "China", "capital mediator"),
    _place("New Delhi", "India", "Indian", "asia", "India", "capital"),
    _place("Jakarta", "Indonesia", "Indonesian", "asia-pacific", "Indonesia", "capital coast"),
    _place("Manila", "the Philippines", "Philippine", "asia-pacific", "Philippines", "capital coast"),
    _place("Nairobi", "Kenya", "Kenyan", "africa", "Kenya", "capital"),
    _place("Niamey", "Niger", "Nigerien", "africa", "Niger", "capital desert"),
    _place("Dakar", "Senegal", "Senegalese", "africa", "Senegal", "capital coast"),
    _place("Washington", "the United States", "US", "us-canada", "United States", "capital west"),
    _place("Ottawa", "Canada", "Canadian", "us-canada", "Canada", "capital west"),
    _place("Chicago", "the United States", "US", "us-canada", "United States", "west"),
]


@dataclass(frozen=True)
class Story:
    """A story template: ``headline``, ``standfirst`` and ``lede`` (the body's first
    paragraph) with slots; ``kinds``: the picture kinds (``demo.pictures.SCENES``) that
    fit it; ``needs``: traits its place must have; ``avoid``: traits it must not have;
    ``actors``: values of ``{actor}``; ``tags``: topic tags beside the place's; ``beat``
    and ``updates``: which paragraphs and live updates its body takes."""

    headline: str
    standfirst: str
    lede: str
    kinds: tuple
    needs: str = ""
    avoid: str = ""
    actors: tuple = ("",)
    tags: tuple = ()
    beat: str = ""  # the paragraphs its body takes, when not its section's (BEAT_OF_SECTION)
    updates: str = "unrest"  # a live story's updates (LIVE_UPDATES)

    def fits(self, place):
        """Whether ``place`` has every trait the story needs and none it avoids."""
        return set(self.needs.split()) <= place.traits and not set(self.avoid.split()) & place.traits


S = Story
STORIES = {
    "politics": [
        S(
            "{adj} {actor} rejects new sanctions package",
            "Officials in {city} call the measures illegal and say they will only deepen hardship for ordinary people.",
            "The {adj} {actor} rejected a new package of sanctions announced by Western governments, calling the "
            "measures illegal under international law and a form of collective punishment.",
            ("parliament", "podium"),
            needs="sanctioned",
            actors=("foreign ministry", "cabinet", "parliament"),
            tags=("Sanctions", "Diplomacy"),
        ),
        S(
            "Ceasefire talks resume in {city} as mediators press for a deal",
            "Delegations return to the table after a week-long pause, with prisoner exchanges and aid at the top of "
            "the agenda.",
            "Mediators reconvened talks in {city} after a week-long pause, with negotiators expected to focus on a "
            "phased ceasefire, the exchange of prisoners and the unrestricted entry of humanitarian aid.",
            ("podium", "parliament"),
            needs="mediator",
            tags=("Diplomacy", "Ceasefire"),
        ),
        S(
            "Parliament in {city} passes emergency budget after all-night session",
            "The {adj} parliament approves spending on salaries, fuel and medicine, but opposition members walk out "
            "over new taxes.",
            "Lawmakers in {city} approved an emergency budget in the early hours after an all-night session, clearing "
            "the way for the payment of public salaries and the import of fuel and medicine.",
            ("parliament",),
            needs="capital",
            avoid="west",
            tags=("Parliament", "Economy"),
        ),
        S(
            "Thousands march in {city} against foreign military bases",
            "Protesters call for the withdrawal of foreign troops and accuse the government of dragging its feet.",
            "Thousands of people marched through central {city} demanding the withdrawal of foreign troops, in one of "
            "the largest demonstrations the city has seen this year.",
            ("skyline", "parliament"),
            avoid="west siege",
            tags=("Protests", "Sovereignty"),
        ),
        S(
            "Envoys meet in {city} as regional tensions rise",
            "Diplomats from several countries hold closed talks aimed at preventing a wider escalation.",
            "Envoys from across the region met behind closed doors in {city} in an effort to contain rising tensions "
            "and keep channels of communication open.",
            ("podium", "parliament"),
            needs="capital",
            tags=("Diplomacy",),
        ),
        S(
            "{adj} {actor} announces reshuffle of key ministries",
            "New ministers of finance, energy and the interior take office in a bid to revive a stalled reform agenda.",
            "The {adj} {actor} announced a reshuffle that replaces the ministers of finance, energy and the interior, "
            "the most significant change to the cabinet since it took office.",
            ("podium", "parliament"),
            needs="capital",
            avoid="west",
            actors=("government", "prime minister's office"),
            tags=("Government",),
        ),
        S(
            "Municipal elections in {city} see a turnout of {turnout} percent",
            "Voters queue from early morning to choose local councils, with water, power and rubbish collection the "
            "main issues.",
            "Turnout in the municipal elections in {city} reached {turnout} percent, the electoral commission said, "
            "with queues outside polling stations from the moment they opened.",
            ("parliament", "skyline"),
            avoid="siege",
            tags=("Elections",),
        ),
    ],
    "economy": [
        S(
            "Fuel prices climb {pct} percent in {city} as supply tightens",
            "Queues return to petrol stations as importers struggle to pay for shipments.",
            "Fuel prices in {city} rose by {pct} percent in a week as importers struggled to secure foreign currency, "
            "bringing back long queues at petrol stations.",
            ("refinery", "desert-road"),
            tags=("Oil", "Economy"),
        ),
        S(
            "{adj} central bank holds rates as the currency slides",
            "Policymakers in {city} say inflation is easing but warn that the outlook depends on imports of food and "
            "fuel.",
            "The {adj} central bank left its main interest rate unchanged, saying that inflation had begun to ease but "
            "that the currency remained under pressure.",
            ("skyline", "podium"),
            needs="capital",
            avoid="west",
            tags=("Economy", "Banking"),
        ),
        S(
            "New trade corridor through {city} opens to freight",
            "The route promises shorter journeys for containers and new jobs at the port, officials say.",
            "A convoy of lorries and a container ship inaugurated a new trade corridor through {city}, which officials "
            "say will cut shipping times to inland markets by several days.",
            ("harbour",),
            needs="coast",
            tags=("Trade",),
        ),
        S(
            "Wheat imports to {country} fall to a five-year low",
            "Millers warn of flour shortages as the import bill rises and the local harvest falls short.",
            "Wheat imports to {country} fell to their lowest level in five years, according to trade ministry figures, "
            "as a weaker currency and higher freight costs priced out shipments.",
            ("harbour", "wheat-field", "market"),
            avoid="west",
            tags=("Food security", "Trade"),
        ),
        S(
            "Port workers in {city} strike over {few} months of unpaid wages",
            "Unloading stops at the container terminal as the union demands the arrears.",
            "Dock workers at the port of {city} walked off the job, halting the unloading of ships in a dispute over "
            "{few} months of unpaid wages.",
            ("harbour",),
            needs="coast",
            tags=("Labour", "Trade"),
        ),
        S(
            "Refinery near {city} returns to full capacity after repairs",
            "Engineers complete work after months of outages that left the country importing fuel.",
            "The refinery near {city} returned to full capacity after months of repairs, the {adj} oil ministry said, "
            "ending a period in which the country had to import most of its fuel.",
            ("refinery",),
            needs="oil",
            tags=("Oil", "Energy"),
        ),
        S(
            "Traders in {city} count the cost of a weaker currency",
            "Shopkeepers say customers buy less and pay later, as prices are rewritten every week.",
            "In the markets of {city}, price tags are now written in pencil. Traders say they change them every week "
            "as the currency loses value against the dollar.",
            ("market",),
            avoid="west",
            tags=("Economy",),
        ),
    ],
    "sports": [
        S(
            "{city} side reaches the regional cup final",
            "A late goal sends the club through and sparks celebrations in the streets.",
            "A goal in the final minutes sent the {city} club into the final of the regional cup, its first in more "
            "than a decade.",
            ("stadium",),
            tags=("Football",),
        ),
        S(
            "Football federation in {country} names new head coach",
            "A former national team midfielder takes charge ahead of the qualifiers.",
            "The football federation in {country} appointed a former national team midfielder as head coach, "
            "giving him {few} months to prepare the squad for the qualifiers.",
            ("stadium",),
            tags=("Football",),
        ),
        S(
            "Stadium in {city} reopens after years of rebuilding",
            "Fans return to a ground that was closed for repairs and rebuilt largely with local funds.",
            "Supporters filled the stands of the main stadium in {city} for the first time in years, after a "
            "rebuilding "
            "project paid for largely by local donations.",
            ("stadium",),
            tags=("Football",),
        ),
        S(
            "Women's league in {country} kicks off before record crowds",
            "More than {k},000 spectators attend the opening round of the new season.",
            "The women's football league in {country} opened its season before more than {k},000 spectators, "
            "the largest crowds in its history.",
            ("stadium",),
            tags=("Football", "Women"),
        ),
        S(
            "Derby in {city} ends level in front of a full stadium",
            "The city's two clubs share the points after a tense evening and a late equaliser.",
            "The derby between the two clubs of {city} ended level after a late equaliser, leaving both sides within "
            "reach of the top of the table.",
            ("stadium",),
            tags=("Football",),
        ),
        S(
            "Youth academy in {city} sends {few} players to the national squad",
            "Coaches credit years of work on small pitches and a scouting network in the suburbs.",
            "{few} graduates of a youth academy in {city} have been called up to the national squad, a record for a "
            "club that trains on borrowed pitches.",
            ("stadium",),
            tags=("Football", "Youth"),
        ),
    ],
    "arts-culture": [
        S(
            "Film festival in {city} opens with a Palestinian drama",
            "The week-long programme gives space to first-time directors from across the region.",
            "The film festival in {city} opened with a Palestinian drama about three generations of one family, "
            "before a full house of critics, students and filmmakers.",
            ("skyline",),
            tags=("Cinema", "Palestine"),
        ),
        S(
            "Old city of {city} restores its covered market",
            "Craftsmen rebuild arches and shopfronts using old plans found in the municipal archive.",
            "Restoration of the covered market in the old city of {city} is nearly complete, after craftsmen spent "
            "months rebuilding its arches and shopfronts.",
            ("market",),
            avoid="west",
            tags=("Heritage",),
        ),
        S(
            "Poets from across the region gather in {city}",
            "Readings in Arabic, English and French fill the city's cafés and cultural centres for a week.",
            "Poets from more than {few} countries gathered in {city} for a week of readings, with sessions in "
            "cafés, libraries and cultural centres across the city.",
            ("skyline", "market"),
            tags=("Literature",),
        ),
        S(
            "Book fair in {city} draws record crowds",
            "Publishers report strong sales of translated novels and children's books despite higher prices.",
            "The book fair in {city} drew record crowds over its opening weekend, with publishers reporting strong "
            "sales of translated novels and children's books.",
            ("market", "skyline"),
            tags=("Literature",),
        ),
        S(
            "Musicians in {city} revive the songs of the old port",
            "A band of young players records the work songs of dockers and fishermen before they are forgotten.",
            "A group of young musicians in {city} has recorded {dozens} work songs once sung by dockers and fishermen, "
            "many of them never written down.",
            ("harbour",),
            needs="coast",
            tags=("Music", "Heritage"),
        ),
        S(
            "Museum in {city} welcomes home looted artefacts",
            "Pieces taken abroad decades ago go on display after a long campaign for their return.",
            "The national museum in {city} put on display {dozens} artefacts returned from foreign collections, "
            "after a campaign for their return that lasted years.",
            ("skyline",),
            needs="capital",
            avoid="west",
            tags=("Heritage",),
        ),
    ],
    "health": [
        S(
            "Hospitals in {city} warn of medicine shortages",
            "Doctors say stocks of anaesthetics and antibiotics will run out within weeks without new deliveries.",
            "Hospitals in {city} warned that stocks of essential medicines, including anaesthetics and antibiotics, "
            "would run out within weeks without new deliveries.",
            ("hospital",),
            avoid="west",
            tags=("Health",),
        ),
        S(
            "Vaccination drive reaches villages around {city}",
            "Mobile teams bring measles and polio vaccines to children who missed them during the crisis.",
            "Mobile health teams have vaccinated more than {k},000 children in villages around {city}, many of whom "
            "missed their routine doses during the crisis.",
            ("hospital", "wheat-field"),
            avoid="west",
            tags=("Health", "Children"),
        ),
        S(
            "Doctors in {city} treat the wounded after overnight strikes",
            "The main hospital runs on generators as casualties arrive through the night.",
            "Doctors in {city} worked through the night to treat the wounded after a series of strikes, with the main "
            "hospital relying on generators for power.",
            ("hospital",),
            needs="conflict",
            tags=("Health",),
        ),
        S(
            "Cholera cases rise in {city} as water networks fail",
            "Health workers record {dozens} new cases in a week and call for fuel to run the pumping stations.",
            "Health workers in {city} recorded {dozens} new cases of cholera in a week, as damaged water networks and "
            "a "
            "lack of fuel for pumps left families drinking untreated water.",
            ("hospital",),
            needs="conflict",
            tags=("Health", "Water"),
        ),
        S(
            "New cancer ward opens in {city} after a donation drive",
            "The ward's {dozens} beds will spare patients long journeys for treatment abroad.",
            "A new cancer ward with {dozens} beds opened in {city}, paid for by a donation drive that ran for more "
            "than "
            "a year.",
            ("hospital",),
            tags=("Health",),
        ),
        S(
            "Nurses in {city} strike for better pay and staffing",
            "The union says wards are run with half the staff they need.",
            "Nurses at public hospitals in {city} began a strike over pay and staffing, saying wards were being run "
            "with "
            "half the staff they need.",
            ("hospital",),
            avoid="siege",
            tags=("Health", "Labour"),
        ),
    ],
    "miscellaneous": [
        S(
            "Flooding disrupts traffic across {city}",
            "Heavy rain turns main roads into rivers and closes schools for the day.",
            "Heavy rain flooded main roads across {city}, trapping drivers in their cars and closing schools for the "
            "day.",
            ("skyline",),
            tags=("Weather",),
        ),
        S(
            "Heatwave grips {city} for a fifth day",
            "Temperatures reach {temp} degrees Celsius and the authorities shorten working hours.",
            "Temperatures in {city} reached {temp} degrees Celsius on the fifth day of a heatwave, prompting the "
            "authorities to shorten working hours in the public sector.",
            ("desert-road", "skyline"),
            avoid="west",
            tags=("Weather", "Climate"),
        ),
        S(
            "Power cuts in {city} stretch to {few} hours a day",
            "The electricity company blames a shortage of fuel for its power stations.",
            "Residents of {city} are now living with power cuts of up to {few} hours a day, as the electricity company "
            "struggles to buy fuel for its power stations.",
            ("skyline",),
            avoid="west",
            tags=("Energy",),
        ),
        S(
            "Sandstorm closes roads around {city}",
            "Flights are delayed and hospitals treat people for breathing problems.",
            "A sandstorm closed the main roads around {city} and delayed flights, as hospitals treated people for "
            "breathing problems.",
            ("desert-road",),
            needs="desert",
            tags=("Weather",),
        ),
        S(
            "Earthquake rattles {city}, no casualties reported",
            "The tremor is felt across the region and residents spend the night outdoors.",
            "An earthquake shook {city} late in the evening, sending residents into the streets, though the civil "
            "defence said no casualties had been reported.",
            ("skyline",),
            tags=("Earthquake",),
        ),
        S(
            "Water rationing begins in {city} as reservoirs run low",
            "Households will receive mains water on alternate days until the rains return.",
            "Authorities in {city} began rationing mains water, with households supplied on alternate days, as "
            "reservoirs fell to {pct} percent of capacity.",
            ("desert-road", "skyline"),
            tags=("Water", "Climate"),
        ),
    ],
    "technology": [
        S(
            "Start-ups in {city} bet on local satellite internet",
            "Young engineers want to connect towns that the big operators have ignored.",
            "A group of start-ups in {city} is building a satellite internet service aimed at towns that the big "
            "operators have long ignored.",
            ("data-centre", "skyline"),
            tags=("Technology",),
        ),
        S(
            "{city} opens a national data centre",
            "Officials say keeping government and banking data at home is a matter of sovereignty.",
            "Authorities in {city} opened a national data centre that will store government and banking data inside "
            "the "
            "country, a step officials describe as a matter of sovereignty.",
            ("data-centre",),
            needs="capital",
            avoid="west",
            tags=("Technology", "Sovereignty"),
        ),
        S(
            "Students in {city} build a low-cost solar charging network",
            "The project keeps phones and laptops running through the power cuts.",
            "Engineering students in {city} have installed {dozens} solar charging points in public squares, keeping "
            "phones and laptops running through the power cuts.",
            ("skyline",),
            tags=("Technology", "Energy"),
        ),
        S(
            "Undersea cable repair restores internet to {city}",
            "Connections were slowed for {few} weeks after damage to a cable offshore.",
            "Internet connections in {city} returned to normal after repairs to an undersea cable that had slowed "
            "traffic for {few} weeks.",
            ("data-centre", "harbour"),
            needs="coast",
            tags=("Technology",),
        ),
        S(
            "Digital payments spread in {city} as cash runs short",
            "Shopkeepers and taxi drivers adopt phone wallets, but older customers are left behind.",
            "Phone payments have spread quickly in {city} as banknotes became scarce, with shopkeepers and taxi "
            "drivers "
            "among the first to adopt them.",
            ("market",),
            avoid="west",
            tags=("Technology", "Economy"),
        ),
        S(
            "Coding schools in {city} train a new generation of developers",
            "Free courses draw students who could not afford university fees.",
            "Free coding schools in {city} have trained more than {k},000 young people in two years, many of whom "
            "could "
            "not afford university fees.",
            ("data-centre",),
            tags=("Technology", "Education"),
        ),
    ],
    "environment": [
        S(
            "Drought threatens the harvest around {city}",
            "Farmers say this season's rainfall is the lowest they can remember.",
            "Farmers around {city} say the drought could cost them most of this season's harvest, after the lowest "
            "rainfall in decades.",
            ("wheat-field",),
            avoid="west",
            tags=("Climate", "Agriculture"),
        ),
        S(
            "Oil spill off {city} reaches fishing grounds",
            "Fishermen say their catch has fallen by {pct} percent since the slick appeared.",
            "An oil slick off the coast of {city} has reached the fishing grounds on which hundreds of families "
            "depend, fishermen and local officials said.",
            ("harbour", "refinery"),
            needs="coast",
            tags=("Environment", "Oil"),
            beat="pollution",
        ),
        S(
            "Farmers near {city} turn to old irrigation channels",
            "Villages repair stone canals that their grandparents built, as wells run dry.",
            "Villagers near {city} are repairing stone irrigation channels built generations ago, as the wells they "
            "came to rely on run dry.",
            ("wheat-field",),
            avoid="west",
            tags=("Agriculture", "Water"),
        ),
        S(
            "The desert creeps closer to the farms of {city}",
            "Sand covers fields that were green a decade ago.",
            "Sand has covered fields on the edge of {city} that were green a decade ago, and farmers say the desert "
            "advances a little further every year.",
            ("desert-road", "wheat-field"),
            needs="desert",
            tags=("Climate", "Agriculture"),
        ),
        S(
            "Air pollution in {city} hits its highest level this year",
            "Schools keep children indoors as a haze settles over the city.",
            "Air pollution in {city} reached its highest level this year, and schools kept children indoors as a haze "
            "settled over the city.",
            ("refinery", "skyline"),
            tags=("Environment", "Health"),
            beat="pollution",
        ),
        S(
            "Grain harvest around {city} falls by a third",
            "Heat and late rains cut yields, and farmers fear for next year's seed.",
            "The grain harvest around {city} fell by about a third this year, according to farmers' cooperatives, "
            "after "
            "a hot spring and late rains.",
            ("wheat-field",),
            avoid="west",
            tags=("Agriculture", "Climate"),
        ),
    ],
    "opinion": [
        S(
            "Why the siege of {city} is a test for the world",
            "What is allowed to happen there will decide what the rules of war still mean.",
            "The siege of {city} is not a distant tragedy. It is a test of whether the rules the world wrote for "
            "itself "
            "after the last century's wars still mean anything.",
            ("skyline", "hospital"),
            needs="siege",
            tags=("Opinion", "Human rights"),
        ),
        S(
            "The quiet war on the economy of {country}",
            "Sanctions are sold as a peaceful alternative. Ask the people who live under them.",
            "Sanctions are presented as the peaceful alternative to war. In {country}, they have become a war by other "
            "means, fought in pharmacies and bakeries.",
            ("market", "harbour"),
            needs="sanctioned",
            tags=("Opinion", "Sanctions"),
        ),
        S(
            "What {city} teaches us about resilience",
            "A city that has been written off many times keeps proving its critics wrong.",
            "{city} has been written off more times than anyone can count. Each time, its people have rebuilt, "
            "reopened and carried on.",
            ("skyline", "market"),
            avoid="west",
            tags=("Opinion",),
        ),
        S(
            "{city} deserves more than promises",
            "Pledges made at conferences must become schools, clinics and water pipes.",
            "Every year brings another conference and another list of pledges for {city}. Very little of it reaches "
            "the "
            "people it was promised to.",
            ("podium", "skyline"),
            avoid="west",
            tags=("Opinion", "Aid"),
        ),
        S(
            "The view from {city}: a region tired of other people's wars",
            "Those who live with the consequences should have a say in the decisions.",
            "Seen from {city}, the debates in distant capitals about the region's future sound strangely unconcerned "
            "with the people who live there.",
            ("skyline", "parliament"),
            avoid="west",
            tags=("Opinion", "Sovereignty"),
        ),
        S(
            "Washington's policy on {country} has failed on its own terms",
            "Decades of pressure have not produced the change their authors promised.",
            "By the standards its authors set, the policy towards {country} has failed: the pressure has hurt ordinary "
            "people and strengthened the hand of hardliners on every side.",
            ("parliament", "podium"),
            needs="sanctioned",
            tags=("Opinion", "United States"),
        ),
    ],
    "analysis": [
        S(
            "What the vote in {city} means for the region",
            "The result reshapes alliances and raises questions about the next government's priorities.",
            "The vote in {city} was about more than domestic politics: its result will be read closely by neighbours "
            "and rivals alike.",
            ("parliament",),
            needs="capital",
            tags=("Analysis", "Elections"),
        ),
        S(
            "Behind the new alliance taking shape in {city}",
            "Economic need and regional shifts push old rivals towards cooperation.",
            "The agreements signed in {city} in recent weeks point to a new alliance, built less on ideology than on "
            "shared economic need.",
            ("podium", "parliament"),
            needs="capital",
            avoid="west",
            tags=("Analysis", "Diplomacy"),
        ),
        S(
            "Why {country} is rethinking its oil deals",
            "Lower prices and new buyers in Asia change the calculations in {city}.",
            "For decades, the oil contracts of {country} followed the same pattern. Lower prices and new buyers in "
            "Asia "
            "are changing the calculations in {city}.",
            ("refinery",),
            needs="oil",
            tags=("Analysis", "Oil"),
        ),
        S(
            "Three questions after the talks in {city}",
            "The statements were warm. What was actually agreed is less clear.",
            "The talks in {city} ended with warm statements from every side. What was actually agreed, and what will "
            "happen next, is less clear.",
            ("podium",),
            needs="capital",
            tags=("Analysis", "Diplomacy"),
        ),
        S(
            "How sanctions reshaped trade in {city}",
            "New partners, new routes and new currencies have replaced the old ones.",
            "Years of sanctions have not stopped trade in {city}. They have redirected it, towards new partners, new "
            "routes and new currencies.",
            ("harbour", "market"),
            needs="sanctioned",
            tags=("Analysis", "Sanctions", "Trade"),
        ),
        S(
            "The port of {city} and the battle over trade routes",
            "Who controls the quays decides who profits from the region's trade.",
            "The port of {city} has become a prize in a wider contest over the trade routes that link Asia, Africa and "
            "Europe.",
            ("harbour",),
            needs="coast",
            tags=("Analysis", "Trade"),
        ),
    ],
    "blog": [
        S(
            "Notes from a week in {city}",
            "Bread queues, weddings and the stubborn insistence on ordinary life.",
            "I spent a week in {city} with no particular story to chase, and it turned out to be the best way to see "
            "it.",
            ("skyline", "market"),
            tags=("Blog",),
        ),
        S(
            "A letter from {city}",
            "To the friends who ask how we are: this is how we are.",
            "You ask how we are. The honest answer is that we are tired, and that we are still here.",
            ("skyline",),
            avoid="west",
            tags=("Blog",),
        ),
        S(
            "What I learned on the road to {city}",
            "A long drive, a broken-down bus and a lesson in hospitality.",
            "The road to {city} is long, and our bus broke down twice. Both times, strangers stopped to help.",
            ("desert-road",),
            avoid="west",
            tags=("Blog", "Travel"),
        ),
        S(
            "Bread, queues and patience in {city}",
            "A morning at the bakery says more about the economy than any report.",
            "If you want to understand the economy of {city}, skip the reports and stand in a bakery queue at six in "
            "the morning.",
            ("market",),
            avoid="west",
            tags=("Blog", "Economy"),
        ),
        S(
            "A night on the rooftops of {city}",
            "When the power goes out, the city climbs upstairs to talk.",
            "When the power goes out in {city}, people climb to their rooftops with tea and blankets, and the city "
            "talks to itself in the dark.",
            ("skyline",),
            tags=("Blog",),
        ),
        S(
            "Why I keep going back to {city}",
            "Ten years of visits, and the city still surprises me.",
            "I first went to {city} ten years ago for a story. I keep going back for the people.",
            ("skyline", "market", "harbour"),
            tags=("Blog", "Travel"),
        ),
    ],
    "features": [
        S(
            "The last bakers of {city}",
            "In a city of supermarkets, one family still bakes bread the old way.",
            "The oven in the old quarter of {city} has been lit before dawn every day for {dozens} years.",
            ("market",),
            tags=("Features", "Heritage"),
        ),
        S(
            "Growing up between checkpoints near {city}",
            "For teenagers, the journey to school is an education of its own.",
            "For teenagers near {city}, the road to school passes through {few} checkpoints, and no two mornings are "
            "the same.",
            ("desert-road",),
            needs="conflict",
            tags=("Features", "Youth"),
        ),
        S(
            "The fishermen of {city} who will not give up the sea",
            "Fuel is expensive and the catch is smaller, but the boats still go out.",
            "Every morning before sunrise the boats leave the harbour of {city}, though the fuel costs more and the "
            "catch is smaller every year.",
            ("harbour",),
            needs="coast",
            tags=("Features", "Fishing"),
        ),
        S(
            "Inside the workshop keeping the old crafts of {city} alive",
            "Copper, glass and wood, worked by hand the way it was a century ago.",
            "In a workshop off the main market of {city}, copper, glass and wood are still worked by hand the way they "
            "were a century ago.",
            ("market",),
            avoid="west",
            tags=("Features", "Heritage"),
        ),
        S(
            "The teachers of {city} who work without pay",
            "Schools stay open because teachers refuse to let them close.",
            "Many teachers in {city} have not been paid for months. They come to work anyway, because they will not "
            "let the schools close.",
            ("skyline",),
            avoid="west",
            tags=("Features", "Education"),
        ),
        S(
            "Farming on the edge of the desert near {city}",
            "Every season is a negotiation with the sand.",
            "On the edge of the desert near {city}, every season is a negotiation with the sand and the sun.",
            ("wheat-field", "desert-road"),
            needs="desert",
            tags=("Features", "Agriculture"),
        ),
    ],
    "digital-series": [
        S(
            "Street stories: the musicians of {city}",
            "Episode: the buskers and wedding bands who keep the city's music alive.",
            "This episode of Street Stories follows the buskers and wedding bands of {city} through a week of work.",
            ("market", "skyline"),
            tags=("Street Stories", "Music"),
        ),
        S(
            "Street stories: a day with the bus drivers of {city}",
            "Episode: twelve hours behind the wheel in a city that never stops.",
            "This episode of Street Stories spends twelve hours with the bus drivers of {city}.",
            ("skyline",),
            tags=("Street Stories",),
        ),
        S(
            "Street stories: the women who run the markets of {city}",
            "Episode: traders, porters and accountants of the old market.",
            "This episode of Street Stories meets the women who run the stalls, the accounts and the gossip of the "
            "markets of {city}.",
            ("market",),
            avoid="west",
            tags=("Street Stories", "Women"),
        ),
        S(
            "Street stories: the night shift at a hospital in {city}",
            "Episode: doctors, nurses and porters between midnight and dawn.",
            "This episode of Street Stories follows the night shift at a public hospital in {city}.",
            ("hospital",),
            tags=("Street Stories", "Health"),
        ),
        S(
            "Street stories: the football pitches of {city}",
            "Episode: the dusty pitches where the city's players learn the game.",
            "This episode of Street Stories visits the dusty pitches of {city}, where most of its players first "
            "learned the game.",
            ("stadium",),
            tags=("Street Stories", "Football"),
        ),
    ],
    "explainers": [
        S(
            "Explained: the sanctions on {country}",
            "Who imposed them, what they cover and who pays the price, in four minutes.",
            "In four minutes, we explain who imposed the sanctions on {country}, what they cover and who pays the "
            "price.",
            ("chart", "harbour"),
            needs="sanctioned",
            tags=("Explainer", "Sanctions"),
        ),
        S(
            "Explained: who controls the port of {city}",
            "The companies, the contracts and the politics behind the quays.",
            "We explain who controls the port of {city}, and why it matters far beyond the city.",
            ("harbour",),
            needs="coast",
            tags=("Explainer", "Trade"),
        ),
        S(
            "Explained: why fuel is so expensive in {country}",
            "Refineries, currencies and shipping costs, in three minutes.",
            "Fuel prices in {country} have risen sharply. We explain the refineries, currencies and shipping costs "
            "behind them.",
            ("refinery",),
            tags=("Explainer", "Oil"),
        ),
        S(
            "Explained: the vote in {city} in three minutes",
            "The parties, the rules and what the result could change.",
            "In three minutes, we explain the parties, the rules and what the vote in {city} could change.",
            ("parliament",),
            needs="capital",
            tags=("Explainer", "Elections"),
        ),
        S(
            "Explained: the water crisis around {city}",
            "Why the taps run dry, and what could be done about it.",
            "We explain why the taps run dry around {city}, and what engineers say could be done about it.",
            ("desert-road", "wheat-field"),
            tags=("Explainer", "Water"),
        ),
    ],
    "newsfeed": [
        S(
            "Watch: scenes from {city} after the storm",
            "Fallen trees, flooded streets and the clean-up that follows.",
            "Footage filmed by our team shows the streets of {city} the morning after the storm.",
            ("skyline",),
            tags=("Video", "Weather"),
        ),
        S(
            "Watch: crowds fill the streets of {city}",
            "Thousands gather in the city centre as night falls.",
            "Footage from {city} shows thousands of people gathering in the city centre as night falls.",
            ("skyline", "market"),
            tags=("Video",),
        ),
        S(
            "Watch: the moment an aid convoy reached {city}",
            "Lorries carrying food and medicine arrive after days on the road.",
            "Footage shows the first lorries of an aid convoy arriving in {city} after days on the road.",
            ("desert-road",),
            avoid="west",
            tags=("Video", "Aid"),
        ),
        S(
            "Watch: news conference in {city} on the ceasefire talks",
            "Officials take questions on the state of the negotiations.",
            "Officials in {city} took questions from journalists on the state of the ceasefire negotiations.",
            ("podium",),
            needs="mediator",
            tags=("Video", "Diplomacy"),
        ),
        S(
            "Watch: fans celebrate in {city}",
            "Car horns, flags and fireworks after the final whistle.",
            "Footage shows fans celebrating in the streets of {city} after the final whistle.",
            ("stadium",),
            tags=("Video", "Football"),
        ),
    ],
    "tv": [
        S(
            "The Interview: the mayor of {city} on rebuilding the city",
            "Water, schools and housing: the mayor sets out the priorities for the coming year.",
            "In this edition of The Interview, the mayor of {city} sets out the priorities for rebuilding the city.",
            ("podium",),
            avoid="west",
            tags=("TV", "Interview"),
        ),
        S(
            "Debate: what next for {country}?",
            "Three guests, three views on the country's choices.",
            "Three guests debate the choices facing {country} in the coming months.",
            ("podium",),
            tags=("TV", "Debate"),
        ),
        S(
            "Face to face: two economists on the crisis in {country}",
            "Is the crisis made at home or imposed from outside?",
            "Two economists disagree on whether the crisis in {country} was made at home or imposed from outside.",
            ("podium", "chart"),
            tags=("TV", "Economy"),
        ),
        S(
            "Tonight: a special report from {city}",
            "Our correspondents spend a week in the city and its suburbs.",
            "Tonight's special report comes from {city}, where our correspondents spent a week in the city and its "
            "suburbs.",
            ("skyline",),
            tags=("TV",),
        ),
        S(
            "The Week: the stories that shaped {country}",
            "Our weekly programme looks back at the news and forward to what comes next.",
            "This week's programme looks back at the stories that shaped {country} and forward to the week ahead.",
            ("skyline", "parliament"),
            tags=("TV",),
        ),
    ],
    "video-features": [
        S(
            "On the ground in {city}",
            "Our correspondent travels through the city to hear from its residents.",
            "Our correspondent travels through {city} to hear from those who live there.",
            ("skyline",),
            tags=("Video",),
        ),
        S(
            "The road to {city}",
            "A journey by bus, lorry and on foot across the region.",
            "We follow the road to {city} by bus, by lorry and on foot.",
            ("desert-road",),
            avoid="west",
            tags=("Video", "Travel"),
        ),
        S(
            "Inside the oldest market of {city}",
            "Traders, porters and customers in a market that has stood for centuries.",
            "We spend a day in the oldest market of {city}, among its traders, porters and customers.",
            ("market",),
            tags=("Video", "Heritage"),
        ),
        S(
            "The harbour that feeds {city}",
            "From the fishing boats to the fish market, before sunrise.",
            "We follow the catch from the fishing boats of {city} to its fish market, before sunrise.",
            ("harbour",),
            needs="coast",
            tags=("Video", "Fishing"),
        ),
        S(
            "Life in the shadow of the refinery near {city}",
            "The families who live beside the flares talk about work, health and the future.",
            "The families who live beside the refinery near {city} talk about work, health and the future.",
            ("refinery",),
            needs="oil",
            tags=("Video", "Oil"),
        ),
    ],
    "infographs": [
        S(
            "In numbers: the toll in {city}",
            "Casualties, displacement and damage to homes, schools and hospitals.",
            "The figures below count the human cost of the crisis in {city}: casualties, displacement and damage to "
            "homes, schools and hospitals.",
            ("chart",),
            needs="conflict",
            tags=("Infograph",),
        ),
        S(
            "In numbers: food prices in {country}",
            "What a family's basic basket costs now, compared with six years ago.",
            "How much does a family's basic basket of food cost in {country}? The figures compare prices with six "
            "years "
            "ago.",
            ("chart",),
            tags=("Infograph", "Economy"),
        ),
        S(
            "Mapped: who controls what around {city}",
            "The front lines, the crossings and the roads in and out.",
            "The map shows the front lines, crossings and roads in and out of {city}, district by district.",
            ("chart",),
            needs="conflict",
            tags=("Infograph",),
        ),
        S(
            "In numbers: the oil exports of {country}",
            "Six years of shipments, buyers and revenues.",
            "Six years of oil shipments from {country}, by volume, buyer and revenue.",
            ("chart",),
            needs="oil",
            tags=("Infograph", "Oil"),
        ),
        S(
            "Charted: six years of drought around {city}",
            "Rainfall, harvests and water levels since 2019.",
            "Rainfall, harvests and reservoir levels around {city}, year by year since 2019.",
            ("chart",),
            avoid="west",
            tags=("Infograph", "Climate"),
        ),
        S(
            "In numbers: the cost of power cuts in {city}",
            "Hours without electricity, and what generators cost households.",
            "How many hours a day is {city} without electricity, and what do generators cost households?",
            ("chart",),
            avoid="west",
            tags=("Infograph", "Energy"),
        ),
    ],
    "in-pictures": [
        S(
            "In pictures: daily life in {city}",
            "Markets, streets and the harbour, from first light to nightfall.",
            "Our photographers spent a day in {city}, from first light to nightfall.",
            ("market", "skyline", "harbour"),
            tags=("In Pictures",),
        ),
        S(
            "In pictures: {city} rebuilds",
            "Hospitals, homes and roads rise again after the destruction.",
            "Across {city}, builders, engineers and volunteers are putting the city back together.",
            ("skyline", "hospital"),
            avoid="west",
            tags=("In Pictures", "Reconstruction"),
        ),
        S(
            "In pictures: market day in {city}",
            "Fruit, spices and bargaining in the city's busiest streets.",
            "Market day in {city}, in the city's busiest streets.",
            ("market", "skyline"),
            tags=("In Pictures",),
        ),
        S(
            "In pictures: harvest season around {city}",
            "Fields, roads and the long days of the harvest.",
            "Harvest season in the countryside around {city}.",
            ("wheat-field", "desert-road"),
            avoid="west",
            tags=("In Pictures", "Agriculture"),
        ),
        S(
            "In pictures: match day in {city}",
            "The stadium, the fans and the city around them.",
            "Match day in {city}: the stadium, the fans and the city around them.",
            ("stadium", "skyline"),
            tags=("In Pictures", "Football"),
        ),
        S(
            "In pictures: the port of {city} at work",
            "Cranes, containers and the people who move them.",
            "A day at the port of {city}, among the cranes, the containers and the people who move them.",
            ("harbour", "refinery"),
            needs="coast",
            tags=("In Pictures", "Trade"),
        ),
    ],
    "live": [
        S(
            "Live: the latest from {city}",
            "Follow our live coverage of developments in {city} and reactions across the region.",
            "Welcome to our live coverage of developments in {city}.",
            ("skyline",),
            avoid="west",
            tags=("Live",),
        ),
        S(
            "Live updates: crisis talks in {city}",
            "Delegations meet for a second day as mediators push for an agreement.",
            "Delegations meet in {city} for a second day of crisis talks. Follow the latest here.",
            ("podium", "parliament"),
            needs="capital",
            tags=("Live", "Diplomacy"),
            updates="talks",
        ),
        S(
            "Live: election results from {city}",
            "Counting is under way after polls close; follow the results as they come in.",
            "Polls have closed in {city} and counting is under way. Follow the results as they come in.",
            ("parliament",),
            needs="capital",
            avoid="west",
            tags=("Live", "Elections"),
            updates="election",
        ),
        S(
            "Live: storm sweeps across {city}",
            "Strong winds and heavy rain bring down trees and cut power.",
            "A storm is sweeping across {city}, bringing down trees and cutting power. Follow our live updates.",
            ("skyline",),
            tags=("Live", "Weather"),
            beat="society",
            updates="storm",
        ),
        S(
            "Live: protests in {city} enter a {nth} day",
            "Demonstrators return to the streets as the government meets.",
            "Demonstrators have returned to the streets of {city} for a {nth} day. Follow the latest here.",
            ("skyline",),
            avoid="siege",
            tags=("Live", "Protests"),
        ),
    ],
}
del S

# Which beat's paragraphs a section's bodies are written from.
BEAT_OF_SECTION = {
    "politics": "politics",
    "economy": "economy",
    "sports": "sports",
    "arts-culture": "culture",
    "health": "health",
    "miscellaneous": "society",
    "technology": "technology",
    "environment": "environment",
    "opinion": "opinion",
    "analysis": "analysis",
    "blog": "blog",
    "features": "features",
    "digital-series": "video",
    "explainers": "video",
    "newsfeed": "video",
    "tv": "video",
    "video-features": "video",
    "infographs": "infograph",
    "in-pictures": "gallery",
    "live": "politics",
}

# Body paragraphs per beat; an article takes a few of them after its lede.
PARAGRAPHS = {
    "politics": [
        "The announcement followed {few} days of closed-door meetings in {city}, according to officials familiar "
        "with the discussions, who said the final wording was agreed late on the last night.",
        "A spokesperson for the {fm} said the government would \u201cnot accept conditions written "
        "elsewhere\u201d and called on neighbouring states to respect the country's sovereignty.",
        "Opposition lawmakers questioned the timing, saying the cabinet had sidelined parliament and would have to "
        "answer for the decision at the next session.",
        "Diplomats in {city} said the move was being watched closely across the region, where several governments "
        "are weighing similar steps.",
        "The United Nations envoy, speaking after a briefing with local officials, urged all sides to keep channels "
        "open and to avoid measures that would harm civilians.",
        "Political analysts told Al Mayadeen English that the decision reflected a wider shift in alliances, with "
        "economic pressure increasingly used as an instrument of foreign policy.",
        "Hundreds of people gathered outside government offices in {city} in the evening, some carrying banners in "
        "support, others calling for the question to be put to a referendum.",
    ],
    "economy": [
        "Traders in {city} said prices of staples had risen by about {pct} percent over the past month, with cooking "
        "oil, flour and fuel among the hardest hit.",
        "The central bank said in a statement that it was monitoring the situation closely and had the tools "
        "to stabilise the currency if needed.",
        "Shipping agents said {dozens} vessels were waiting to unload, adding to delays that importers say are "
        "being passed on to consumers.",
        "Economists warn that sanctions and the high cost of borrowing have left the government little room to "
        "cushion households from rising prices.",
        "The chamber of commerce in {city} estimates that about {k},000 jobs depend directly on the sector, most of "
        "them in small businesses.",
        "Officials said the measures would be reviewed after {few} months, depending on how supply and prices develop.",
        "Farmers and small manufacturers say the shortage of foreign currency has made it harder to buy seeds, spare "
        "parts and raw materials.",
    ],
    "sports": [
        "Thousands of supporters gathered in the streets of {city} after the final whistle, waving flags and sounding "
        "car horns late into the night.",
        "The coach praised the players' discipline, saying the team had \u201csuffered together and earned every "
        "minute\u201d of the result.",
        "Tickets for the next fixture went on sale within hours, and organisers said the stadium's {seats},000 seats "
        "were "
        "expected to sell out.",
        "Club officials said the season had been played under difficult conditions, with long journeys, limited "
        "training facilities and several players holding second jobs.",
        "Local commentators credited the youth academy, which has produced {few} of the starting eleven over the "
        "past two seasons.",
        "The federation said it would announce the full schedule for the regional competition by the end of the month.",
    ],
    "culture": [
        "Organisers in {city} said more than {dozens} artists and writers would take part, many of them travelling "
        "from across the region.",
        "\u201cCulture is how a city remembers itself,\u201d one of the organisers told Al Mayadeen English, adding "
        "that entry to most events would be free.",
        "The programme includes readings, screenings and workshops for children, with several sessions held in "
        "neighbourhoods far from the city centre.",
        "Critics have welcomed the choices, which give space to new voices and to work in local languages.",
        "The ministry of culture said it hoped to make the event annual and to take part of the programme to other "
        "cities next year.",
        "Craftsmen involved in the project said the work followed old plans found in the municipal archive, using "
        "local stone and traditional lime mortar.",
    ],
    "health": [
        "Doctors at the main hospital in {city} said they were working double shifts, with {dozens} patients arriving "
        "in a single night at the busiest times.",
        "The health ministry said {few} essential medicines were out of stock across the country and that it had "
        "asked United Nations agencies for emergency supplies.",
        "Aid agencies said fuel for hospital generators was a priority, warning that intensive care units and "
        "dialysis wards would be the first to suffer.",
        "Mobile clinics have been sent to outlying districts, where health workers say many families cannot afford "
        "the journey to the city.",
        "The World Health Organization said it was working with local authorities to restore supply chains and to "
        "train additional staff.",
        "Nurses described long queues from early morning, with parents bringing children for vaccinations that had "
        "been delayed for months.",
    ],
    "society": [
        "Civil defence teams said they had responded to {dozens} calls overnight, most of them from elderly "
        "residents and families with young children.",
        "Schools in {city} were closed for the day and the authorities urged people to avoid unnecessary travel.",
        "Residents said power cuts had lasted up to {few} hours in some neighbourhoods, leaving water pumps and "
        "refrigerators idle.",
        "Municipal workers spent the morning clearing main roads, while volunteers distributed water and food in the "
        "worst-hit areas.",
        "Engineers say the city's drainage and power networks have not kept pace with its growth, and have called for "
        "investment before next season.",
        "The national meteorological service said conditions would ease by the end of the week but warned of more "
        "extreme weather in the months ahead.",
    ],
    "technology": [
        "The project's backers said the first phase would connect {dozens} towns that have so far relied on slow and "
        "expensive links.",
        "Young developers in {city} have built a small but growing scene, with co-working spaces and university clubs "
        "producing a string of start-ups.",
        "Critics raised questions about privacy and about who would have access to the data, calling for a clear "
        "legal framework before the system goes live.",
        "The ministry of communications said prices would be reviewed to make the service affordable for schools and "
        "small businesses.",
        "Analysts said the investment reflects a wider push across the Global South to reduce reliance on "
        "infrastructure owned by a handful of Western companies.",
        "Engineers involved said most of the equipment had been assembled locally, with parts sourced from {few} "
        "countries.",
    ],
    "environment": [
        "Farmers around {city} say this season's rainfall was the lowest they can remember, and many have already "
        "sold part of their livestock.",
        "The agriculture ministry said it would distribute seed and fodder to the worst-affected villages.",
        "Scientists warn that rising temperatures are making droughts longer and more frequent across the region.",
        "Local associations have begun planting drought-resistant trees and repairing old irrigation channels, with "
        "the help of volunteers.",
        "Environmental groups say the burden falls on countries that contributed least to global emissions, and "
        "call for the promised climate funds to be paid.",
        "Agronomists said yields had fallen by about {pct} percent compared with the average of the past decade.",
    ],
    "pollution": [
        "The environment ministry said teams were assessing the damage and that those responsible would be held "
        "to account.",
        "Fishermen said several families had stopped going to sea altogether, unable to sell a catch that buyers "
        "fear is contaminated.",
        "Environmental engineers said the clean-up could take months and called for independent testing of water "
        "and soil.",
        "Doctors in {city} reported a rise in patients with breathing problems and skin irritation.",
        "Residents said they had complained for years about emissions from nearby industrial sites without any "
        "response.",
        "Activists called for stricter rules on shipping and industry, and for the results of official tests to be "
        "made public.",
    ],
    "opinion": [
        "For years, the people of {city} have been told that patience would be rewarded. What they have received "
        "instead is a slow tightening of every lever that decides how they live.",
        "It is worth asking who benefits. Not the families queuing for bread, nor the workers who have seen their "
        "wages lose half their value.",
        "The language of \u201cstability\u201d has become a way of avoiding the real question: whether people have "
        "the right to decide their own future.",
        "History in this region offers a clear lesson. Pressure from outside has rarely produced the results its "
        "authors promised, and often the opposite.",
        "There is another way, and it begins with listening to those who live with the consequences rather than "
        "those who write the policies from afar.",
        "The world will judge this moment not by the statements issued in distant capitals, but by what happens in "
        "the streets of {city}.",
    ],
    "analysis": [
        "Three pressures explain the timing: an economy in need of investment, a region redrawing its alliances, "
        "and a government that must show results at home.",
        "The economic case is the easiest to see. Traditional sources of credit have dried up, and new partners "
        "offer terms that come with fewer political conditions.",
        "The regional picture matters as much. Neighbouring governments are rethinking old alignments, and none "
        "wants to be left outside the arrangements now taking shape.",
        "At home, the authorities need to show that their foreign policy brings tangible benefits: jobs, "
        "electricity, lower prices.",
        "Diplomats in {city} describe the process as cautious, with each side testing the other's commitments before "
        "moving further.",
        "The risks are real. If the arrangement fails, it could deepen divisions that have already cost the region "
        "dearly.",
        "Much will depend on the coming months, and on whether the promises made at the negotiating table translate "
        "into change on the ground.",
    ],
    "blog": [
        "Everyone I met had a story about the past year, and almost everyone began it with the price of bread.",
        "In the evenings the old quarter fills with families. Children play football between parked cars while their "
        "parents talk on the steps.",
        "A taxi driver told me he had been an engineer before the crisis. \u201cNow I drive,\u201d he said. "
        "\u201cAt least the car still works.\u201d",
        "What stays with me is not the hardship but the insistence on ordinary life: weddings, exams, the Friday visit "
        "to grandparents.",
        "On my last day I went back to the market, and the baker I had met on the first morning refused to let me pay.",
        "I left {city} with a notebook full of names and a promise, made to several people, to come back soon.",
    ],
    "features": [
        "The day starts early. By the time the rest of the city wakes up, the work is well under way.",
        "Three generations of the same family have done this work, and the oldest among them still checks every "
        "detail.",
        "Things have changed, they say. Supplies are harder to find, money is tighter, and many young people have "
        "left {city}.",
        "Yet the work holds the neighbourhood together, and news travels along with everything else.",
        "Researchers at the local university have begun recording such stories before they disappear.",
        "Asked whether the next generation will carry on, one of them smiled and shrugged. \u201cThat is for them to "
        "decide.\u201d",
    ],
    "video": [
        "The report includes interviews with residents, local officials and specialists, filmed over {few} days.",
        "Our correspondent sets out the background with maps and archive footage.",
        "The programme is part of a series on how communities across the region are adapting to years of crisis.",
        "Filming took place in {city} and the surrounding area, with the help of local journalists.",
        "Watch the full video above, and follow Al Mayadeen English for more coverage from {country}.",
    ],
    "gallery": [
        "Each picture is captioned with what it shows; the series is part of our coverage of daily life across the "
        "region.",
        "The pictures show a city going about its business, and the people who keep it running.",
        "Scroll through the gallery above for the full series, with captions.",
    ],
}

# Hard-news stories also carry a quote, some context and a closing line.
HARD_NEWS = {"politics", "economy", "health", "society", "technology", "environment", "pollution"}
QUOTES = [
    "\u201cWe have been warning about this for months,\u201d an official in {city} told Al Mayadeen English, "
    "speaking on condition of anonymity because he was not authorised to talk to the press.",
    "\u201cPeople are exhausted, but they are not giving up,\u201d said a community organiser in {city}. "
    "\u201cEvery family here has found a way to help another.\u201d",
    "\u201cThe numbers only tell part of the story,\u201d said a researcher at a university in {city}. "
    "\u201cBehind each of them is a household making impossible choices.\u201d",
    "\u201cWe are doing what we can with what we have,\u201d said a senior civil servant in {city}, who asked not "
    "to be named.",
    "\u201cWhat we need now is decisions, not statements,\u201d said the head of a local residents' association, "
    "who has organised several meetings with the municipality.",
]
CONTEXT = [
    "The development comes at the end of a difficult year for {country}, marked by rising prices, shortages of fuel "
    "and medicine, and pressure from abroad.",
    "The city has been through several similar episodes in recent years, each leaving its roads, power lines and "
    "water networks more fragile than before.",
    "Regional observers note that what happens in {city} is closely tied to wider shifts across the region, from "
    "energy markets to diplomatic realignments.",
    "Figures published by United Nations agencies earlier this year showed that {pct} percent of households in the "
    "area had cut back on food or medicine.",
]
CLOSINGS = [
    "Officials are expected to give more details in the coming days. Al Mayadeen English will follow the story as it "
    "develops.",
    "Further meetings are planned for next week, and our correspondent in {city} will report on the outcome.",
    "It remains unclear how long the situation will last. Residents say they are preparing for the worst while "
    "hoping for the best.",
]

SUBHEADS = {
    "politics": ["Reactions across the region", "What the agreement says", "A divided parliament", "What comes next"],
    "economy": ["Prices at the market", "The wider picture", "Who pays the bill", "What officials say"],
    "sports": ["A night to remember", "Behind the result", "What comes next"],
    "culture": ["A programme for the city", "Old walls, new life", "The audience"],
    "health": ["Inside the wards", "Supplies running short", "Reaching the villages"],
    "society": ["A long night", "Counting the damage", "Warnings for the coming days"],
    "technology": ["How it works", "Who benefits", "The questions ahead"],
    "environment": ["On the land", "Counting the cost", "Adapting to a hotter climate"],
    "pollution": ["The damage", "Who is responsible", "What residents want"],
    "opinion": ["A question of sovereignty", "Who pays the price", "Another way"],
    "analysis": ["Why now", "The regional picture", "The risks"],
    "blog": ["Ordinary life", "The people I met", "Leaving"],
    "features": ["An early start", "Three generations", "What remains"],
    "video": ["About this video", "In the report"],
    "gallery": ["About these pictures"],
}

# An infograph's body: what its chart shows, then the key figures.
INFOGRAPH_BODY = [
    "<p>The figures are compiled from official statistics and reports by United Nations agencies, and cover the six "
    "years since 2019.</p>",
    "<h2>How to read the chart</h2>",
    "<p>The bar chart shows the yearly totals, with the latest year highlighted; the line chart compares the two main "
    "indicators over the same period; the map shades each district by its share of the total, the darkest the most "
    "affected.</p>",
    "<h2>Key figures</h2>",
    "<ul><li><strong>{pct} percent</strong> change since 2019</li>"
    "<li><strong>{k},000 people</strong> directly affected in {country}</li>"
    "<li><strong>{few} districts</strong> in the most severe category</li></ul>",
    "<p>Sources: national statistics office, United Nations agencies, Al Mayadeen English research.</p>",
]

# A live article's updates, newest last; (title, body).
# A live story's updates by kind of event, oldest first; (title, body). The first opens
# the coverage; a story takes it and five of the others, in order.
LIVE_UPDATES = {
    "unrest": [
        ("Coverage begins", "Our team in {city} will bring you the latest developments throughout the day."),
        ("", "Our correspondent reports heavy traffic on the main roads out of {city} as families head home early."),
        ("Statement", "The {fm} says it will hold a news conference later today."),
        ("", "Shops in the city centre close their shutters as crowds grow in the main square."),
        (
            "Reaction",
            "A United Nations spokesperson says the Secretary-General is following developments closely "
            "and urges restraint.",
        ),
        ("", "Power has returned to several neighbourhoods of {city}, the electricity company says."),
        ("Key event", "The government announces it will meet representatives of the protesters tomorrow morning."),
        ("", "Crowds are still gathered in the central square of {city} as night falls."),
    ],
    "talks": [
        ("Coverage begins", "Delegations are arriving in {city} for the day's session. Follow our live coverage."),
        ("", "A diplomat describes the morning session as \u201cserious and constructive\u201d."),
        ("Key event", "Mediators present a draft text covering a ceasefire, prisoner exchanges and the entry of aid."),
        ("", "A source close to one delegation tells Al Mayadeen that {few} points remain unresolved."),
        ("Reaction", "A United Nations spokesperson welcomes the talks and urges all sides to keep going."),
        ("", "The session is suspended for consultations; talks are due to resume in the evening."),
        ("Key event", "Officials confirm that talks will continue tomorrow morning."),
    ],
    "election": [
        ("Coverage begins", "Polls have closed in {city} and counting is under way. Results will follow here."),
        ("", "The electoral commission puts turnout at {turnout} percent."),
        ("Key event", "First results are published for {few} districts."),
        ("", "Supporters gather outside party offices in {city} as the count continues."),
        ("Reaction", "Election observers say voting took place calmly, with isolated complaints about long queues."),
        ("", "The commission says final results are expected by tomorrow afternoon."),
        ("Key event", "The main opposition alliance says it will accept the results."),
    ],
    "storm": [
        ("Coverage begins", "A storm is moving across {city}. Follow our live updates."),
        ("", "Civil defence teams say they have answered {dozens} calls since the evening."),
        ("Key event", "Schools and universities will stay closed tomorrow, the education ministry says."),
        ("", "Power is out in several neighbourhoods of {city}, the electricity company says."),
        ("", "Flights are delayed at the airport as strong winds continue."),
        ("Reaction", "The meteorological service says the storm should ease overnight."),
        ("Key event", "Municipal teams begin clearing fallen trees from the main roads."),
    ],
}

ORDINALS = ["second", "third", "fourth", "fifth", "sixth", "seventh"]


@dataclass(frozen=True)
class BreakingLine:
    """One breaking line: ``text``, ``attribution`` (shown after it) and ``link``, the
    (section slug, city) of the demo story it links to, if the demo has one there."""

    text: str
    attribution: str = ""
    link: tuple = ()


# Twelve distinct breaking lines, as the ticker reads: institutions and roles, no names.
BREAKING = [
    BreakingLine("Heavy shelling reported on the eastern outskirts of Khan Younis", "Al Mayadeen's correspondent"),
    BreakingLine(
        "UN agency warns fuel for hospital generators in Gaza will run out within 48 hours", link=("health", "Gaza")
    ),
    BreakingLine("Lebanese Health Ministry: two people wounded in a drone strike on a car near Nabatieh"),
    BreakingLine(
        "Dock workers' strike halts unloading at the port of Beirut for a third day", link=("economy", "Beirut")
    ),
    BreakingLine("Iraqi Oil Ministry says exports through the southern ports reached their highest level this year"),
    BreakingLine("Sandstorm halts flights at Basra airport", "Airport authority", link=("miscellaneous", "Basra")),
    BreakingLine(
        "Magnitude 5.1 earthquake felt in Baghdad, no casualties reported",
        "Seismological observatory",
        link=("miscellaneous", "Baghdad"),
    ),
    BreakingLine(
        "Yemeni Health Ministry: 140 new cholera cases recorded in Hodeidah this week", link=("health", "Hodeidah")
    ),
    BreakingLine("Cuban authorities restore electricity to most of Havana after a nationwide blackout"),
    BreakingLine("Brent crude climbs above $84 a barrel after producers extend supply cuts", "Agencies"),
    BreakingLine("Chinese Foreign Ministry: Beijing ready to host a new round of Palestinian reconciliation talks"),
    BreakingLine("Football: Senegalese club books its place in the African Champions League final"),
]
