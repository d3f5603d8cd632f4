"""Attributions in Chinese and Japanese copy: outlet names glued to the words around them.

CJK scripts write no spaces, so a registry name is a whole name wherever it stands, unless the
characters around it make a longer word (新华社区, 共同通信社会, 中央视察): those must not be
credited. The frames are data (``audit/data/frames/{cjk,zh,ja}.toml``).
"""

from __future__ import annotations

import pytest

from audit import provenance

REGISTRY = provenance.load_registry()


def found(text: str) -> list[tuple[str, str, str]]:
    out = []
    for a in provenance.find_attributions(text, REGISTRY):
        assert text[a.start:a.end] == a.text
        out.append((a.agency, a.kind, a.text))
    return out


@pytest.mark.parametrize("text, expected", [
    ("新华社北京12月1日电（记者 张三）国务院1日发布白皮书。",
     ("Xinhua", "dateline", "新华社北京12月1日电（记者 张三）")),
    ("新华社台北2月11日电(记者赵博、黄扬)出口贸易额连续下滑。",
     ("Xinhua", "dateline", "新华社台北2月11日电(记者赵博、黄扬)")),
    ("中新网12月1日电 据应急管理部网站消息，救援队营救出1名被困人员。",
     ("China News Service", "dateline", "中新网12月1日电")),
    ("中新社北京12月1日电 (记者 李四) 会议开幕。",
     ("China News Service", "dateline", "中新社北京12月1日电 (记者 李四)")),
    ("央视网消息：种植牙的价格将下降。", ("CCTV", "dateline", "央视网消息：")),
    ("据新华社报道，会议于周三开幕。", ("Xinhua", "according_to", "据新华社报道")),
    ("据路透社今天报道称，又有两人获救。", ("Reuters", "according_to", "据路透社今天报道称")),
    ("根据《路透社》报道，股价暴跌。", ("Reuters", "according_to", "根据《路透社》报道")),
    ("据英国《金融时报》报道，谈判破裂。", ("Financial Times", "according_to", "据英国《金融时报》报道")),
    ("据央视新闻报道，大桥通车。", ("CCTV", "according_to", "据央视新闻报道")),
    ("法新社报道称，双方同意停火。", ("AFP", "reported", "法新社报道称")),
    ("路透社当地时间10日报道，油价上涨。", ("Reuters", "reported", "路透社当地时间10日报道")),
    ("美联社援引一名官员的话说，救援仍在进行。", ("AP", "quoted", "美联社援引")),
    ("他在接受新华社记者采访时表示，经济正在复苏。", ("Xinhua", "told", "在接受新华社记者采访")),
    ("一名官员告诉路透社，谈判仍在继续。", ("Reuters", "told", "告诉路透社")),
    ("【环球时报驻比利时特派记者 牛瑞飞】据报道，峰会同意收紧政策。",
     ("Global Times", "dateline", "【环球时报驻比利时特派记者 牛瑞飞】")),
    ("2023-02-11 13:09:10 [来源:新华社] [责编:李絮枫]", ("Xinhua", "citing", "来源:新华社")),
    ("欧盟峰会为难民政策争论-中新网", ("China News Service", "credit_line", "-中新网")),
    ("习近平发表重要讲话。（新华社）", ("Xinhua", "credit_line", "（新华社）")),
    ("救援人员在废墟中搜救。（新华社记者 李贺 摄）", ("Xinhua", "photo_credit", "（新华社记者 李贺 摄）")),
    ("共同通信によると、首相は10日に訪米する。", ("Kyodo", "according_to", "共同通信によると")),
    ("共同通信の報道によると、交渉は決裂した。", ("Kyodo", "according_to", "共同通信の報道によると")),
    ("ロイター通信によると、油価は上昇した。", ("Reuters", "according_to", "ロイター通信によると")),
    ("AFP通信によると、死者は12人に上った。", ("AFP", "according_to", "AFP通信によると")),
    ("米CNNによると、大統領は辞任を否定した。", ("CNN", "according_to", "米CNNによると")),
    ("交渉は決裂したと時事通信が報じた。", ("Jiji Press", "reported", "時事通信が報じた")),
    ("首相は辞任を否定した。（共同）", ("Kyodo", "credit_line", "（共同）")),
    ("死者は12人に上った。（AFP＝時事）", ("AFP", "credit_line", "（AFP＝時事）")),
    ("【ワシントン時事】米政府は10日、新たな制裁を発表した。",
     ("Jiji Press", "dateline", "【ワシントン時事】")),
    ("【ワシントン共同】米政府は10日、新たな制裁を発表した。",
     ("Kyodo", "dateline", "【ワシントン共同】")),
    ("［東京　１日　ロイター］ - 日銀は金融政策を維持した。",
     ("Reuters", "dateline", "［東京　１日　ロイター］")),
    ("関係者がNHKの取材に対し、明らかにした。", ("NHK", "told", "NHKの取材に対し")),
    ("(서울=연합뉴스) 김철수 기자 = 정부는 1일 새 경제정책을 발표했다.",
     ("Yonhap", "dateline", "(서울=연합뉴스) 김철수 기자 =")),
    ("(워싱턴=연합뉴스) 이영희 특파원 = 미국 정부는 10일 제재를 발표했다.",
     ("Yonhap", "dateline", "(워싱턴=연합뉴스) 이영희 특파원 =")),
    ("연합뉴스에 따르면 북한은 이날 미사일을 발사했다.", ("Yonhap", "according_to", "연합뉴스에 따르면")),
    ("AP통신에 따르면 사망자는 12명으로 늘었다.", ("AP", "according_to", "AP통신에 따르면")),
    ("회담이 결렬됐다고 로이터통신이 보도했다.", ("Reuters", "reported", "로이터통신이 보도했다")),
    ("AFP통신은 10일 보도했다.", ("AFP", "reported", "AFP통신은 10일 보도했다")),
    ("한 관계자는 연합뉴스와의 인터뷰에서 계획을 확인했다.",
     ("Yonhap", "told", "연합뉴스와의 인터뷰에서")),
])
def test_cjk_attributions_are_found_with_agency_kind_and_span(text, expected):
    assert expected in found(text)


@pytest.mark.parametrize("text", [
    "他在新华书店买了一本书。",            # a bookstore chain
    "新华路上有很多商店。",                # a street
    "新华社区的居民反映了停车问题。",       # 新华 + 社区: a residential community
    "高度な共同通信社会の実現を目指す。",    # 共同 + 通信社会: a communication society
    "两国发表共同声明，同意加强合作。",      # 共同 alone is "joint"
    "両国は共同で記者会見を開いた。",
    "中央视察组抵达当地。",                # 中央 + 视察: an inspection team
    "记者们呼吁捍卫报道自由。",            # 捍卫 + 报道: not The Guardian (卫报)
    "时事问题引发讨论。",
    "군 당국에 따르면 북한은 이날 미사일을 발사했다.",
    "(서울) 정부는 1일 새 경제정책을 발표했다.",
    "회담이 결렬됐다고 현지 언론이 보도했다.",
    # real Chinese news copy (WMT 2023 MQM zh-en sources) without an agency credit
    "据报道，欧盟此举是对欧洲日益增长的非法移民问题关注的回应。",
    "看房人孙先生告诉记者，他在上周末逛楼盘时发现了一则“声明”。",
    "记者从郑州大学第一附属医院了解到，价格大概要一万六七千元左右。",
    "本报讯(记者孙杰)昨晚，北交所发布消息，融资融券交易业务将于2月13日正式启动。",
])
def test_clean_cjk_text_credits_no_agency(text):
    assert found(text) == []


def test_an_english_bracket_is_no_cjk_credit():
    assert found("He met the mayor - Smith (AP) - who said no.") == []


def test_a_latin_name_glued_to_cjk_is_a_whole_name_but_not_inside_a_latin_word():
    assert ("AFP", "according_to", "据AFP报道") in found("据AFP报道，谈判破裂。")
    assert found("据xAFP报道，谈判破裂。") == []


def test_user_entries_can_add_cjk_word_boundaries():
    registry = provenance.load_registry(({"name": "Xinhua", "not_preceded_by": ["重"]},))
    assert provenance.find_attributions("据新华社报道，会议开幕。", registry) != []
    assert provenance.find_attributions("重新华社报道", registry) == []
