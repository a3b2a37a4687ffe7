"""Pages of the programmes app: `pages` for masterplans, programmes, OPDs and the province
overview; `budgets` for a programme's pagu per year; `transfer` for the Excel template, the import
and the CSV/XLSX exports."""
from .budgets import ProgrammeBudgetDeleteView, ProgrammeBudgetView  # noqa: F401
from .pages import (  # noqa: F401
    MasterplanCreateView,
    MasterplanDetailView,
    MasterplanUpdateView,
    OpdListView,
    ProgrammeCreateView,
    ProgrammeDetailView,
    ProgrammeListView,
    ProgrammeUpdatePostView,
    ProgrammeUpdateView,
    ProvinceOverviewView,
    masterplan_document,
)
from .transfer import ProgrammeImportView, import_template, programme_export  # noqa: F401
