"""The locator's code catalogue: the YAML validates, codes are unique, and every real label maps to a code."""

from __future__ import annotations

import gzip
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml

from recoverynav.directory import catalogue, categories, code_for_label, codes_for_labels, group_by_category
from recoverynav.directory.codes import HEADLINE_CODES, CodesFile, load_codes, normalize_label
from recoverynav.references import all_references

# The package's own gzipped copies of the real files (shared/data/facilities is not beside every checkout).
BUNDLED = Path(str(files("recoverynav.directory") / "data"))
SAMPLE_2019 = BUNDLED / "findtreatment_api_sample_2019_charlottesville.json.gz"
EXPORT_2025 = BUNDLED / "findtreatment_ca_residential_2025-08_hackingco.json.gz"


def _read(path: Path) -> Any:
    return json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))


def _labels_2019() -> set[tuple[str, str]]:
    rows = _read(SAMPLE_2019)["rows"]
    return {(s["f2"], label) for row in rows for s in row["services"] for label in s["f3"].split("; ")}


def _labels_2025() -> set[str]:
    rows = _read(EXPORT_2025)
    return {label for row in rows for label in (row["all_services"] or "").split("; ") if label.strip()}


def test_yaml_validates_and_cites_known_references() -> None:
    data = load_codes()
    assert set(data.sources) <= set(all_references())
    assert len(catalogue()) > 250 and len(categories()) > 30


class _NoDuplicateKeys(yaml.SafeLoader):
    """A YAML loader that refuses a key twice in one mapping (plain YAML keeps the last silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[object, object]:
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        duplicates = {k for k in keys if keys.count(k) > 1}
        assert not duplicates, f"duplicate keys {duplicates} near line {node.start_mark.line + 1}"
        return super().construct_mapping(node, deep=deep)


def test_codes_are_unique_across_categories_and_no_key_repeats() -> None:
    text = (files("recoverynav.directory") / "codes.yaml").read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=_NoDuplicateKeys)
    codes = [code for entries in raw["codes"].values() for code in entries]
    assert len(codes) == len(set(codes)) == len(catalogue())


def test_a_code_listed_in_two_categories_is_rejected() -> None:
    raw = {
        "sources": ["x"],
        "categories": [
            {"code": "PAY", "label": "Payment", "label_es": "Pago", "origin": "locator"},
            {"code": "PYAS", "label": "Assistance", "label_es": "Ayuda", "origin": "locator"},
        ],
        "codes": {"PAY": {"SS": "Sliding"}, "PYAS": {"SS": "Sliding"}},
        "names_es": {"SS": "Tarifa variable"},
        "labels": {},
    }
    with pytest.raises(ValueError, match="SS"):
        CodesFile.model_validate(raw)


def test_a_label_pointing_to_an_unknown_code_is_rejected() -> None:
    raw = {
        "sources": ["x"],
        "categories": [{"code": "PAY", "label": "Payment", "label_es": "Pago", "origin": "locator"}],
        "codes": {"PAY": {"MD": "Medicaid"}},
        "names_es": {"MD": "Medicaid"},
        "labels": {"2023": {"PAY": {"Medicare": "MC"}}},
    }
    with pytest.raises(ValueError, match="unknown code 'MC'"):
        CodesFile.model_validate(raw)


@pytest.mark.parametrize(
    ("code", "category", "label"),
    [
        ("DT", "TC", "Detoxification"),
        ("HI", "SET", "Hospital inpatient/24-hour hospital inpatient"),
        ("RES", "SET", "Residential/24-hour residential"),
        ("OP", "SET", "Outpatient"),
        ("OIT", "SET", "Intensive outpatient treatment"),
        ("ODT", "SET", "Outpatient day treatment or partial hospitalization"),
        ("MD", "PAY", "Medicaid"),
        ("MC", "PAY", "Medicare"),
        ("PI", "PAY", "Private health insurance"),
        ("MI", "PAY", "Federal military insurance (e.g., TRICARE)"),
        ("SF", "PAY", "Cash or self-payment"),
        ("NP", "PAY", "No payment accepted"),
        ("SS", "PYAS", "Sliding fee scale (fee is based on income and other factors)"),
        ("PA", "PYAS", "Payment assistance (check with facility for details)"),
        ("BU", "OM", "Buprenorphine used in Treatment"),
        ("METH", "PHR", "Methadone"),
        ("NU", "OM", "Naltrexone used in Treatment"),
        ("SP", "SL", "Spanish"),
        ("AH", "SL", "Sign language services for the deaf and hard of hearing"),
        ("VET", "SG", "Veterans"),
        ("AD", "SG", "Adolescents"),
    ],
)
def test_issue_codes_have_their_locator_label_and_category(code: str, category: str, label: str) -> None:
    entry = catalogue()[code]
    assert (entry.category, entry.label) == (category, label)
    assert entry.category_label == categories()[category].label


def test_every_2019_label_maps_to_a_code_in_its_category() -> None:
    unknown = {(f2, label) for f2, label in _labels_2019() if code_for_label(label, category=f2) is None}
    assert unknown == set()


def test_every_2025_label_maps_to_a_code() -> None:
    codes, unknown = codes_for_labels(sorted(_labels_2025()))
    assert unknown == []
    assert {"RES", "SA", "MD", "PI", "SS"} <= set(codes)


@pytest.mark.parametrize(
    ("label", "category", "code"),
    [
        # The same words mean an age group in one vintage and a special program in the other.
        ("Young adults", "AGE", "YAD"),
        ("Young adults", "SG", "TAY"),
        ("Young adults", None, "TAY"),
        ("Young Adults", None, "YAD"),
        ("Transitional age young adults", "SG", "TAY"),
        # Older and newer wording of one service.
        ("Substance abuse education", "EDU", "SAE"),
        ("Substance use disorder education", None, "SAE"),
        ("Persons with HIV or AIDS", "SG", "HV"),
        ("Clients with HIV or AIDS", None, "HV"),
        ("Military insurance (e.g., TRICARE)", "PAY", "MI"),
        ("Federal military insurance (e.g., TRICARE)", None, "MI"),
        ("Buprenorphine with naloxone  (Suboxone®)", "PHR", "BWN"),
        ("Spanish", "OL", "SP"),
        ("MEDICAID", None, "MD"),
        # The same wording for opioid and alcohol medication sources: only the category tells.
        ("In-network prescribing entity", "EAUS", "AUINPE"),
        ("In-network prescribing entity", None, "INPE"),
        # An unknown category falls back to every category.
        ("Medicaid", "NOPE", "MD"),
        ("Not a service at all", None, None),
    ],
)
def test_code_for_label(label: str, category: str | None, code: str | None) -> None:
    assert code_for_label(label, category=category) == code


def test_normalize_label_collapses_no_break_and_double_spaces() -> None:
    assert normalize_label("Vocational training\xa0 or  support\xa0") == "Vocational training or support"


def test_group_by_category_follows_the_display_order_and_skips_unknown_codes() -> None:
    groups = group_by_category(["bu", "MD", "SS", "NOPE", "DT"])
    assert [(cat.code, [c.code for c in codes]) for cat, codes in groups] == [
        ("TC", ["DT"]),
        ("OM", ["BU"]),
        ("PAY", ["MD"]),
        ("PYAS", ["SS"]),
    ]


def test_plain_words_default_to_the_label() -> None:
    assert catalogue()["NP"].plain == "Free services, no payment needed"
    assert catalogue()["MD"].plain == "Medicaid"
    assert all(c.local == c.code.startswith("X_") for c in catalogue().values())


def _small(**changes: object) -> dict[str, object]:
    raw: dict[str, object] = {
        "sources": ["x"],
        "categories": [{"code": "PAY", "label": "Payment", "label_es": "Pago", "origin": "locator"}],
        "codes": {"PAY": {"MD": "Medicaid", "SF": "Cash or self-payment", "VAF": "VA funds"}},
        "names_es": {"MD": "Medicaid", "SF": "Pago en efectivo"},
        "english_names": ["VAF"],
        "labels": {},
    }
    raw.update(changes)
    return raw


def test_every_code_and_category_has_spanish_or_is_a_proper_name() -> None:
    """#19: a Spanish page names every service in Spanish, or in English (marked) when it is a proper name."""
    data = load_codes()
    for code in catalogue().values():
        assert (code.plain_es is None) == (code.code in data.english_names), code.code
        assert code.plain_in("es") != "" and code.plain_in("en") == code.plain
    assert all(c.label_es and c.label_es != c.label for c in categories().values())
    # The headline services (cards, the finder's filters) are never left in English.
    assert all(catalogue()[code].plain_es for code in HEADLINE_CODES)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"names_es": {"MD": "Medicaid"}}, r"no Spanish name for \['SF'\]"),
        ({"names_es": {"MD": "Medicaid", "SF": "x", "ZZ": "y"}}, "unknown codes"),
        ({"english_names": ["VAF", "SF"]}, "in both"),
        ({"names_es": {"MD": "Medicaid", "SF": " "}}, "empty Spanish name"),
        ({"categories": [{"code": "PAY", "label": "Payment", "origin": "locator"}]}, "label_es"),
    ],
    ids=["missing", "unknown", "both", "blank", "category"],
)
def test_loading_refuses_missing_or_unknown_spanish_names(changes: dict[str, object], message: str) -> None:
    assert CodesFile.model_validate(_small())  # the base case loads
    with pytest.raises(ValueError, match=message):
        CodesFile.model_validate(_small(**changes))
