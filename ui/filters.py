"""The filters the pages share, each declared once: its address parameter (ui.state) and its widget. A page
declares the parameters it uses, then draws their widgets where its layout wants them."""
from __future__ import annotations


from loaders.catalog import Catalog
from tracker import views
from tracker.cycle import reporting_cycle_year, reporting_years
from tracker.i18n import t
from ui import state


def action_param(actions=views.TARGET_ACTIONS) -> state.Param:
    return state.choice("action", list(actions))


def unit_param(catalog: Catalog) -> state.Param:
    return state.choice("unit", views.units_in_order(catalog))


def target_year_param() -> state.Param:
    return state.choice("year", list(views.YEAR_CHOICES))


def query_param() -> state.Param:
    return state.text("q")


def reporting_year_param(*, default_to_cycle: bool = True) -> state.Param:
    """The reporting year (报告年度): the plan's first year to the one after the cycle under way (tracker.cycle);
    by default the cycle's, or none when the page derives it (from the files' titles, say)."""
    return state.choice("reporting_year", reporting_years(), default=reporting_cycle_year() if default_to_cycle else None)


def action(where, catalog: Catalog, lang: str, page: str, param: state.Param, actions=views.TARGET_ACTIONS) -> None:
    where.selectbox(t("action", lang), list(actions), index=None, placeholder=t("all", lang),
                    format_func=lambda a: views.action_label(catalog, a, lang), **state.bound(page, param))


def unit(where, catalog: Catalog, lang: str, page: str, param: state.Param, *, label: str = "unit",
         help: str | None = None) -> None:
    where.selectbox(t(label, lang), views.units_in_order(catalog), index=None, placeholder=t("all", lang),
                    format_func=lambda u: views.unit_label(catalog, u, lang), help=help, **state.bound(page, param))


def target_year(where, lang: str, page: str, param: state.Param) -> None:
    where.selectbox(t("year", lang), list(views.YEAR_CHOICES), index=None, placeholder=t("all", lang),
                    format_func=lambda y: views.year_label(y, lang), **state.bound(page, param))


def query(where, lang: str, page: str, param: state.Param) -> None:
    where.text_input(t("search", lang), value=None, placeholder=t("search_placeholder", lang), max_chars=200,
                     **state.bound(page, param))


def reporting_year(where, lang: str, page: str, param: state.Param, *, help: str) -> None:
    where.selectbox(t("reporting_year", lang), reporting_years(), help=t(help, lang), **state.bound(page, param))

