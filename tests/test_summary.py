"""The batch summary (audit/summary.py): what every report's ``summary`` says."""

from audit.summary import Summary


def _article(outlet, agencies, findings=()):
    return {"provenance": {"outlet": outlet, "agencies": agencies},
            "findings": [{"severity": s, "code": c} for s, c in findings]}


def test_articles_per_outlet_and_agency_count_each_article_once():
    summary = Summary()
    for item in (_article("CNN Indonesia", ["AFP", "Axios"]), _article("CNN Indonesia", ["AFP"]),
                 _article("Reuters", []), _article(None, ["AFP", "AFP"])):
        summary.add(item)
    data = summary.to_dict()
    assert data["outlets"] == {"CNN Indonesia": 2, "Reuters": 1}
    # "agencies" counts the articles crediting an agency, the publishing outlet included
    assert data["agencies"] == {"AFP": 3, "CNN Indonesia": 2, "Axios": 1, "Reuters": 1}
    # "credited" leaves the publishing outlet out: the agencies the content is credited to
    assert data["credited"] == {"AFP": 3, "Axios": 1}


def test_findings_by_severity_and_code_and_worst():
    summary = Summary()
    summary.add(_article(None, [], [("minor", "spacing"), ("major", "doubled-word"),
                                    ("minor", "spacing")]))
    data = summary.to_dict()["findings"]
    assert data["total"] == 3
    assert data["by_severity"] == {"critical": 0, "major": 1, "minor": 2, "info": 0}
    assert list(data["by_code"].items()) == [("spacing", 2), ("doubled-word", 1)]
    assert summary.worst_severity() == "major"
    assert summary.fails("major") and not summary.fails("critical")


def test_an_error_article_is_counted_but_not_summarised():
    summary = Summary()
    summary.add({"error": "binary file", "findings": [{"severity": "major", "code": "x"}]})
    data = summary.to_dict()
    assert (data["articles"], data["processed"], data["errors"]) == (1, 0, 1)
    assert data["findings"]["total"] == 0 and data["languages"] == {}
