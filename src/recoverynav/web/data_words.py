"""English words the pure packages hand to the pages, marked here so the Spanish catalogue holds them.

The directory and its reports have no gettext (capability packages stay pure), so their few fixed phrases (the
confirm notices, the helpline's name and hours, the medication finders' labels, a report's reasons) are listed
here with ``N_`` and translated where a template draws them (``{{ _(value) }}``). ``tests/web/test_data_words.py``
checks that each listed phrase is still the one the package uses, so a reworded phrase cannot silently fall back
to English. Opening ages ("updated 3 hours ago") are translated by :func:`opening_age`, a quality sign's name by
:func:`sign_label` (``quality.yaml``'s ``es:`` block).
"""

from __future__ import annotations

import re
from functools import cache

from markupsafe import Markup

from recoverynav.i18n import N_, current_language, ngettext, state_name_in
from recoverynav.i18n import gettext as _

DATA_WORDS: tuple[str, ...] = (
    N_("Call to confirm services and openings before you go."),
    N_("Listed by SAMHSA in 2020; no details on file; call to confirm."),
    N_("SAMHSA National Helpline"),
    N_("free, confidential, 24 hours a day, 7 days a week, in English and Spanish"),
    N_("Find buprenorphine prescribers"),
    N_("Find methadone programs"),
    N_("The phone number is wrong"),
    N_("The place has closed"),
    N_("The services listed are wrong"),
    N_("Something else is wrong"),
    # The comparison's row labels (directory/compare.py); a sign's row is named by sign_label.
    N_("Type of care"),
    N_("Medications"),
    N_("Type of opioid treatment"),
    N_("Payment"),
    N_("Languages"),
    N_("People served"),
    N_("Openings"),
    N_("Distance"),
    N_("Sources"),
)

_AGE = re.compile(r"updated (\d+) (day|hour|minute)s? ago")


def opening_age(age: str) -> str:
    """The directory's "updated 3 hours ago" / "updated just now" in the current language (else unchanged)."""
    if age == "updated just now":
        return _("updated just now")
    match = _AGE.fullmatch(age)
    if not match:
        return age
    count, unit = int(match[1]), match[2]
    if unit == "day":
        return ngettext("updated %(num)s day ago", "updated %(num)s days ago", count) % {"num": count}
    if unit == "hour":
        return ngettext("updated %(num)s hour ago", "updated %(num)s hours ago", count) % {"num": count}
    return ngettext("updated %(num)s minute ago", "updated %(num)s minutes ago", count) % {"num": count}


@cache
def _sign_labels(lang: str) -> dict[str, str]:
    from recoverynav.directory import quality_table

    return {rule.id: rule.label for rule in quality_table().in_language(lang).signs}


def sign_label(sign_id: str, label: str) -> str:
    """A quality sign's name in the current language; ``label`` (as the sign was assessed) if the id is unknown."""
    return _sign_labels(current_language()).get(sign_id, label)


def service_name(name: str) -> Markup:
    """A service name or category heading from ``directory/codes.yaml`` in the current language (#19).

    Spanish where the code has a Spanish name (``names_es``, the categories' ``label_es``); a name with none (a
    proper name, or free text a source listed) stays English and is marked ``lang="en"`` on a non-English page.
    """
    from recoverynav.directory import spanish_names

    lang = current_language()
    if lang == "en":
        return Markup("{}").format(name)  # escaped
    spanish = spanish_names().get(name) if lang == "es" else None
    if spanish is not None:
        return Markup("{}").format(spanish)
    return Markup('<span lang="en">{}</span>').format(name)


def state_name(name: str) -> str:
    """A US state's or territory's name in the current language (its English name when it has no other)."""
    return state_name_in(name, current_language())
