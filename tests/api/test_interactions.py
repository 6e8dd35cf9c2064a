"""``/api/v1/interactions``: GET a comma list, POST a JSON list, 404 with suggestions, 422 naming the field."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.names import nonsense, unlisted_typo, urgent_pair


def test_get_baclofen_alcohol_is_major_with_a_source(client: TestClient) -> None:
    response = client.get("/api/v1/interactions", params={"substances": "baclofen,alcohol"})
    assert response.status_code == 200
    body = response.json()
    assert {"substances", "findings", "highest_severity", "references", "urgent"} <= set(body)
    assert body["highest_severity"] == "major" and body["urgent"] is True
    assert [s["id"] for s in body["substances"]] == ["alcohol", "baclofen"]
    finding = body["findings"][0]
    assert finding["substances"] == ["alcohol", "baclofen"]
    assert "CNS" in finding["mechanism"]
    # The urgent advice is shown first, so its sources take the first numbers; the finding's follow on.
    advice = body["urgent_advice"]
    assert [s["n"] for s in advice["sources"]] == list(range(1, len(advice["sources"]) + 1))
    assert finding["sources"][0]["n"] == len(advice["sources"]) + 1
    assert finding["sources"][0]["link"].startswith("https://")


@pytest.mark.parametrize(
    "body", [["oxycodone", "xanax"], {"substances": ["oxycodone", "xanax"]}], ids=["list", "object"]
)
def test_post_cites_the_2016_boxed_warning(client: TestClient, body: object) -> None:
    response = client.post("/api/v1/interactions", json=body)
    assert response.status_code == 200
    sources = {s["id"] for f in response.json()["findings"] for s in f["sources"]}
    assert "fda-dsc-2016-08-31-opioid-benzodiazepine" in sources


def test_get_and_post_agree(client: TestClient) -> None:
    got = client.get("/api/v1/interactions", params={"substances": "tramadol, sertraline"}).json()
    posted = client.post("/api/v1/interactions", json=["sertraline", "tramadol"]).json()
    assert got == posted
    assert "serotonin syndrome" in got["findings"][0]["mechanism"]


def test_unknown_name_is_404_with_suggestions_naming_the_field(client: TestClient) -> None:
    response = client.get("/api/v1/interactions", params={"substances": "baclofen,xanaxx,qqqzzz"})
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert detail["field"] == "substances"
    assert [u["value"] for u in detail["unknown"]] == ["qqqzzz"] or "qqqzzz" in [u["value"] for u in detail["unknown"]]


def test_unknown_name_in_post_is_404_with_suggestions(client: TestClient) -> None:
    # An unlisted typo is never read as the drug it resembles: with one other name there is nothing to check.
    response = client.post("/api/v1/interactions", json=["baclofen", unlisted_typo("alprazolam")])
    assert response.status_code == 404
    assert "alprazolam" in response.json()["detail"]["suggestions"]


@pytest.mark.parametrize("value", ["baclofen", "baclofen,,", " , "])
def test_fewer_than_two_names_is_422_naming_the_parameter(client: TestClient, value: str) -> None:
    response = client.get("/api/v1/interactions", params={"substances": value})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "substances"]


def test_missing_parameter_is_422(client: TestClient) -> None:
    response = client.get("/api/v1/interactions")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "substances"]


@pytest.mark.parametrize("body", [["baclofen"], [], ["x" * 101, "alcohol"], {"names": ["a", "b"]}, "baclofen"])
def test_bad_post_body_is_422(client: TestClient, body: object) -> None:
    assert client.post("/api/v1/interactions", json=body).status_code == 422


def test_openapi_lists_both_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/interactions"])


def test_unknown_names_are_listed_beside_the_known_result(client: TestClient) -> None:
    first, second = urgent_pair()
    typo = unlisted_typo(second)
    for response in (
        client.get("/api/v1/interactions", params={"substances": f"{first},{typo},{second},{nonsense()}"}),
        client.post("/api/v1/interactions", json=[first, typo, second, nonsense()]),
        client.post("/api/v1/interactions", json={"substances": [first, typo, second, nonsense()]}),
    ):
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["urgent"] is True and len(body["substances"]) == 2
        assert body["unknown"][0]["name"] == typo and second in body["unknown"][0]["suggestions"]
        assert body["unknown"][1] == {"name": nonsense(), "suggestions": []}


def test_fewer_than_two_known_names_is_404_naming_known_and_unknown(client: TestClient) -> None:
    first, second = urgent_pair()
    typo = unlisted_typo(second)
    response = client.get("/api/v1/interactions", params={"substances": f"{first},{typo}"})
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert detail["field"] == "substances" and detail["known"] == [first]
    assert detail["unknown"] == [{"value": typo, "suggestions": detail["unknown"][0]["suggestions"]}]
    assert second in detail["suggestions"]


def test_openapi_describes_the_unknown_field(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for method in ("get", "post"):
        ok = spec["paths"]["/api/v1/interactions"][method]["responses"]["200"]["content"]["application/json"]
        name = ok["schema"]["$ref"].rsplit("/", 1)[-1]
        model = spec["components"]["schemas"][name]
        assert {"unknown", "substances", "findings", "urgent", "references"} <= set(model["properties"])
        assert "unknown" in model["required"]
        item = model["properties"]["unknown"]["items"]["$ref"].rsplit("/", 1)[-1]
        assert set(spec["components"]["schemas"][item]["properties"]) == {"name", "suggestions"}


# How a client asks for Spanish: (query, headers).
SPANISH_WAYS: list[tuple[dict[str, str], dict[str, str]]] = [
    ({"lang": "es"}, {}),
    ({}, {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}),
    ({}, {"Cookie": "lang=es"}),
]
SPANISH_NAMES = [
    ["baclofen", "alcohol"],
    ["oxycodone", "xanax", "gabapentin"],
    ["nicotine", "sertraline"],
    ["benzos", "xanax"],
]


@pytest.mark.parametrize("how", SPANISH_WAYS, ids=["query", "accept-language", "cookie"])
@pytest.mark.parametrize("names", SPANISH_NAMES, ids="+".join)
def test_the_report_comes_in_the_requests_language(
    client: TestClient, how: tuple[dict[str, str], dict[str, str]], names: list[str]
) -> None:
    from recoverynav.interactions import check_combination
    from recoverynav.interactions.rulebook import load_words

    query, headers = how
    got = client.get("/api/v1/interactions", params={**query, "substances": ",".join(names)}, headers=headers)
    posted = client.post("/api/v1/interactions", json=names, params=query, headers=headers)
    spanish = check_combination(names, "es").model_dump(mode="json")
    words = load_words("es")
    for response in (got, posted):
        assert response.status_code == 200
        assert response.headers["content-language"] == "es"
        assert {"accept-language", "cookie"} <= {v.strip().lower() for v in response.headers["vary"].split(",")}
        body = response.json()
        assert body == spanish
        for finding in body["findings"]:
            assert finding["advice"] and all(a in words.text.values() for a in finding["advice"])
        if body["urgent_advice"]:
            assert body["urgent_advice"]["when"] == words.urgent_when
    english = client.get("/api/v1/interactions", params={"substances": ",".join(names)})
    assert english.headers["content-language"] == "en"
    assert english.json() == check_combination(names).model_dump(mode="json")
