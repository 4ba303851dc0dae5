"""The place a document is about: from the manifest when it says, else from the title (and the opening of
the text), else 芦淞区.

A place is a county-level or prefecture-level name written before what the document is: 青溪县2023年国民经济…
统计公报, 松川县人民政府工作报告, 在中共青溪县委经济工作会议上…. Names inside the text (全区, 城区, 示范区,
片区)
are not places of this kind.
"""

from __future__ import annotations

import re

DEFAULT_REGION = "芦淞区"
# The words that follow a place's name in a title or a session line: 县人民政府, 县委, 县第十八届人民代表大会.
_PLACE = re.compile(
    r"(?P<name>(?:(?![年月日在的和与及届次])[\u4e00-\u9fff]){1,6}?(?:自治县|县|区|市|旗))"
    r"(?=\s|人民政府|政府工作报告|委经济工作会议|委员会|委|第?[一二三四五六七八九十]+届|[（(]?\d{4}年|20\d\d|国民经济|统计公报|"
    r"两会|经济工作会议)"
)
# Leading words that are not part of a name: 在中共青溪县委… → 青溪县.
_LEAD = re.compile(r"^(?:在|关于|中共|聚焦|全力|推动|株洲市|湖南省|省|市)+")
# Generic words that end in 区/市/县 but name no place.
_NOT_A_PLACE = frozenset(
    {
        "全区",
        "全县",
        "全市",
        "本区",
        "本县",
        "本市",
        "城区",
        "园区",
        "社区",
        "辖区",
        "新区",
        "我区",
        "我县",
        "县市区",
        "市县区",
    }
)
_NOT_A_NAME = re.compile(r"代表|委员|人民|政府|我|本")
_OPENING_CHARS = 300


def region_of(title: str, text: str | None = None, default: str = DEFAULT_REGION) -> str:
    """The place named in the title, else in the opening of the text, else `default`."""
    for where in (title, (text or "")[:_OPENING_CHARS]):
        place = _place_in(where)
        if place:
            return place
    return default


def _place_in(text: str) -> str | None:
    for match in _PLACE.finditer(text):
        name = _LEAD.sub("", match.group("name"))
        if len(name) >= 2 and name not in _NOT_A_PLACE and not _NOT_A_NAME.search(name):
            return name
    return None
