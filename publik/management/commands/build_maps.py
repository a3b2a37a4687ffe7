"""Pre-project and quantise the boundaries once into SVG path data (publik/data/map_paths.json).

Run after replacing publik/data/boundaries/*.geojson; the portal reads only the JSON this writes
(smartcity.maps), never the GeoJSON. Projection: plate carrée (Indonesia lies across the equator,
so the distortion is below 1 % of scale), in grid units of 1/200 degree (~550 m): x from 95° E,
y down from 6.5° N. Province outlines, drawn at national scale, are snapped to 1/50 degree.
Paths use relative moves, so most steps are one or two digits."""
import json
from pathlib import Path

from django.core.management.base import BaseCommand

DATA = Path(__file__).resolve().parents[2] / "data"
UNITS = 200          # grid units per degree
WEST, NORTH = 95.0, 6.5
PROVINCE_SNAP = 4    # province outlines on a 1/50 degree grid


def project(lon, lat, snap=1):
    x = round((lon - WEST) * UNITS / snap) * snap
    y = round((NORTH - lat) * UNITS / snap) * snap
    return x, y


def rings(geometry):
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        yield from polygon


def path_data(geometry, snap):
    """The SVG `d` of a (multi)polygon, in relative moves; rings that collapse below a triangle go."""
    parts, bbox = [], [None, None, None, None]
    here = (0, 0)
    for ring in rings(geometry):
        points = []
        for lon, lat in ring:
            p = project(lon, lat, snap)
            if not points or p != points[-1]:
                points.append(p)
        if len(points) > 1 and points[0] == points[-1]:
            points.pop()
        if len(points) < 3:
            continue
        for x, y in points:
            bbox = [x if bbox[0] is None else min(bbox[0], x), y if bbox[1] is None else min(bbox[1], y),
                    x if bbox[2] is None else max(bbox[2], x), y if bbox[3] is None else max(bbox[3], y)]
        x0, y0 = points[0]
        steps = [f"m{x0 - here[0]} {y0 - here[1]}"]
        previous = points[0]
        deltas = []
        for x, y in points[1:]:
            deltas.append(f"{x - previous[0]} {y - previous[1]}")
            previous = (x, y)
        steps.append("l" + " ".join(deltas) + "z")
        parts.append("".join(steps))
        here = (x0, y0)  # after z the current point is the ring's start
    return "".join(parts).replace(" -", "-"), bbox


class Command(BaseCommand):
    help = "Write publik/data/map_paths.json (SVG paths of the provinces and kabupaten/kota) from the GeoJSON."

    def handle(self, *args, **options):
        out = {"units_per_degree": UNITS, "west": WEST, "north": NORTH, "provinces": {}, "regions": {}}
        for name, key, snap in (("provinces.geojson", "provinces", PROVINCE_SNAP), ("regions.geojson", "regions", 1)):
            collection = json.loads((DATA / "boundaries" / name).read_text(encoding="utf-8"))
            for feature in collection["features"]:
                props = feature["properties"]
                d, bbox = path_data(feature["geometry"], snap)
                out[key][props["code"]] = {"d": d, "bbox": bbox, "centre": list(project(props["lon"], props["lat"])),
                                           "name": props["name"]}
        target = DATA / "map_paths.json"
        target.write_text(json.dumps(out, separators=(",", ":"), sort_keys=True), encoding="utf-8")
        self.stdout.write(f"{len(out['provinces'])} provinces, {len(out['regions'])} kabupaten/kota -> {target} "
                          f"({target.stat().st_size // 1024} KB)")
