"""The summary as an editor reads it: written in vs translated from, agencies credited without
the publishing outlet, outlet × agency, and the stories."""

from audit.summary import Summary


def _article(id_, language, origin, outlet, agencies, story="S1", links=()):
    return {"id": id_, "language": {"code": language},
            "origin_language": {"code": origin} if origin else None,
            "provenance": {"outlet": outlet, "agencies": agencies}, "findings": [],
            "story": {"id": story, "links": list(links)}}


def test_an_original_is_written_in_its_language_not_translated_from_it():
    summary = Summary()
    summary.add(_article("a", "id", "id", "Kompas", []))         # an Indonesian original
    summary.add(_article("b", "en", "id", "CNN Indonesia", []))  # translated from Indonesian
    summary.add(_article("c", "en", None, "Reuters", []))        # no evidence either way
    data = summary.to_dict()
    assert data["languages"] == {"id": 1, "en": 2}
    assert data["translated_from"] == {"id": 1}
    assert data["origins"] == {"id": 2, "unknown": 1}  # the old field keeps its meaning


def test_agencies_credited_leave_the_outlet_out_and_outlet_by_agency():
    summary = Summary()
    summary.add(_article("a", "en", None, "CNN Indonesia", ["AFP", "Axios"], "S1"))
    summary.add(_article("b", "en", None, "CNN Indonesia", ["AFP", "CNN Indonesia"], "S2"))
    summary.add(_article("c", "en", None, "Reuters", [], "S3"))
    summary.add(_article("d", "en", None, None, ["AFP"], "S4"))
    data = summary.to_dict()
    assert data["credited"] == {"AFP": 3, "Axios": 1}
    assert data["agencies"]["CNN Indonesia"] == 2  # the old field: outlet included
    assert data["outlet_agencies"] == {"CNN Indonesia": {"AFP": 2, "Axios": 1}, "unknown": {"AFP": 1}}


def test_stories_list_members_outlets_agencies_and_links():
    summary = Summary()
    summary.add(_article("a", "en", None, "Reuters", ["AFP"], "S1"))
    summary.add(_article("b", "en", None, "CNN", ["AFP"], "S2"))
    summary.add(_article("c", "en", None, "Kompas", ["AFP", "AP"], "S1"))
    summary.add(_article("d", "id", "id", "Kompas", [], "S1",
                         [{"article": "c", "relation": "original-of", "by": "shared-facts"}]))
    data = summary.to_dict()
    assert data["stories_total"] == 2
    assert data["stories"] == [{
        "id": "S1", "articles": 3, "members": ["a", "c", "d"],
        "outlets": {"Kompas": 2, "Reuters": 1}, "agencies": {"AFP": 2, "AP": 1},
        "languages": {"en": 2, "id": 1},
        "links": [{"translation": "c", "original": "d", "by": "shared-facts"}]}]
