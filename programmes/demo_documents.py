"""Demo masterplan documents: a short PDF per region listed here, drawn by WeasyPrint when the demo loads and
stored through the default file storage like an uploaded one. Bantul publishes its document (the public region
page links it); Sleman keeps its own private (only signed-in users who may see the masterplan download it).
Idempotent: a masterplan whose document is already stored keeps it, and its region's choice."""
from django.core.files.base import ContentFile
from django.utils.html import escape

from .models import Masterplan

# Region: whether the region publishes the document.
DOCUMENTS = {"34.02": True, "34.04": False}

HTML = """<!doctype html><html lang="id"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 2.5cm; @bottom-center {{ content: "Halaman " counter(page); font-size: 9pt; }} }}
body {{ font-family: "DejaVu Sans", sans-serif; font-size: 11pt; line-height: 1.45; }}
h1 {{ font-size: 18pt; margin-bottom: .2em; }} .meta {{ color: #444; }} li {{ margin: .2em 0; }}
</style></head><body>
<h1>{title}</h1>
<p class="meta">{region} &middot; periode {start}&ndash;{end}<br>{legal}</p>
<h2>Ringkasan</h2>
<p>Dokumen ini memuat arah pembangunan smart city {region} selama periode {start}&ndash;{end}: visi, analisis
kesiapan daerah, serta program dan quick win pada enam dimensi smart city.</p>
<h2>Dimensi smart city</h2>
<ul><li>Smart Governance</li><li>Smart Branding</li><li>Smart Economy</li><li>Smart Living</li>
<li>Smart Society</li><li>Smart Environment</li></ul>
<p class="meta">Dokumen contoh untuk demo portal Monev Smart City; isinya rekaan.</p>
</body></html>"""


def render_document(masterplan):
    """The PDF bytes of a masterplan's demo document (no resource is fetched: the HTML holds everything)."""
    from weasyprint import HTML as WeasyHTML

    html = HTML.format(title=escape(masterplan.title), region=escape(masterplan.region.name),
                       start=masterplan.period_start, end=masterplan.period_end,
                       legal=escape(masterplan.legal_basis_number or "Belum ditetapkan dengan peraturan kepala daerah"))
    return WeasyHTML(string=html).write_pdf()


def build():
    plans = Masterplan.objects.filter(region_id__in=DOCUMENTS).select_related("region").order_by("region_id",
                                                                                                  "-period_start")
    done = set()
    for masterplan in plans:
        if masterplan.region_id in done:
            continue  # the region's latest masterplan only
        done.add(masterplan.region_id)
        if masterplan.document and masterplan.document.storage.exists(masterplan.document.name):
            continue
        masterplan.document.save("masterplan.pdf", ContentFile(render_document(masterplan)), save=False)
        masterplan.document_public = DOCUMENTS[masterplan.region_id]
        masterplan.save()
