"""The text a briefing is built on keeps the page's lead and loses its furniture, in every script.

The pages are written here: a site's header and navigation, the article with its headline, and whatever
the test is about (a standfirst outside the article's body, a lead only in the metadata, a caption, a
credit, a byline, a dateline, a related-article block). None of the rules is keyed to these words.
"""

from __future__ import annotations

import pytest

from summarizers import NO_ARTICLE_TEXT, BriefingError, article_text, brief_html
from summarizers.structure import coverage

# Article paragraphs in several scripts: a lead, then the body that follows it.
ARTICLES = {
    "ko": (
        "강원도 정선군의 한 마을에서 산사태가 발생해 주민 세 명이 숨지고 다섯 명이 다쳤다고 소방당국이 밝혔다.",
        [
            "소방당국은 밤새 구조대원 이백여 명을 투입해 무너진 주택 여섯 채를 수색했다고 설명했다.",
            "기상청은 이번 주말까지 강원 산간 지역에 최대 이백 밀리미터의 비가 더 내릴 것으로 내다봤다.",
            "정선군은 마을 주민 백여 명을 인근 초등학교 체육관으로 대피시키고 임시 숙소를 마련했다.",
            "정부는 피해 지역을 특별재난지역으로 선포하는 방안을 검토하고 있다고 행정안전부가 전했다.",
            "산림청은 사고 지점 주변 산비탈에 대한 정밀 조사를 벌여 추가 붕괴 위험이 있는지 확인하기로 했다.",
            "주민들은 지난달부터 산비탈에 금이 가는 것을 보고 군청에 여러 차례 신고했지만 조치가 없었다고 말했다.",
        ],
    ),
    "th": (
        "เกิดเหตุดินถล่มทับบ้านเรือนประชาชนในอำเภอแม่แจ่ม จังหวัดเชียงใหม่ ทำให้มีผู้เสียชีวิตสามรายและบาดเจ็บอีกห้าราย",
        [
            "เจ้าหน้าที่กู้ภัยกว่าสองร้อยนายได้เร่งค้นหาผู้สูญหายใต้ซากบ้านที่พังถล่มตลอดทั้งคืนที่ผ่านมา",
            "กรมอุตุนิยมวิทยาคาดว่าจะมีฝนตกหนักต่อเนื่องในพื้นที่ภาคเหนือไปจนถึงสุดสัปดาห์นี้ด้วย",
            "ทางอำเภอได้อพยพชาวบ้านกว่าหนึ่งร้อยคนไปพักที่โรงเรียนใกล้เคียงเป็นการชั่วคราวแล้ว",
            "รัฐบาลกำลังพิจารณาประกาศให้พื้นที่ดังกล่าวเป็นเขตภัยพิบัติเพื่อเร่งให้ความช่วยเหลือ",
        ],
    ),
    "hu": (
        "Földcsuszamlás temetett maga alá három házat egy Borsod megyei faluban, a katasztrófavédelem szerint "
        "hárman meghaltak és öten megsérültek.",
        [
            "A mentőegységek egész éjszaka a romok között keresték az eltűnteket, több száz önkéntes segítségével.",
            "A meteorológiai szolgálat szerint a hét végéig további heves esőzés várható az északi megyékben.",
            "Az önkormányzat a falu száz lakóját a közeli iskola tornatermében helyezte el ideiglenesen.",
            "A kormány azt vizsgálja, hogy katasztrófasújtotta területté nyilvánítsa-e a települést.",
        ],
    ),
    "ru": (
        "Оползень разрушил три дома в посёлке под Сочи, погибли три человека и пятеро пострадали, сообщили в "
        "МЧС во вторник.",
        [
            "Спасатели всю ночь разбирали завалы, к поискам присоединились более двухсот добровольцев из округа.",
            "Синоптики ожидают, что сильные дожди в горных районах края продолжатся до конца этой недели.",
            "Власти эвакуировали около ста жителей посёлка в здание соседней школы и организовали питание.",
            "Губернатор края объявил режим чрезвычайной ситуации и пообещал выплатить компенсации семьям.",
        ],
    ),
    "ar": (
        "لقي ثلاثة أشخاص حتفهم وأصيب خمسة آخرون في انهيار أرضي ضرب قرية جبلية شمال البلاد فجر الثلاثاء.",
        [
            "وواصلت فرق الإنقاذ البحث تحت الأنقاض طوال الليل بمساعدة مئات المتطوعين من القرى المجاورة.",
            "وتوقعت هيئة الأرصاد الجوية استمرار هطول الأمطار الغزيرة على المناطق الجبلية حتى نهاية الأسبوع.",
            "ونقلت السلطات المحلية نحو مئة من سكان القرية إلى مدرسة قريبة وأمنت لهم الطعام والأغطية.",
            "وقالت الحكومة إنها تدرس إعلان المنطقة منكوبة من أجل تسريع وصول المساعدات إلى المتضررين.",
        ],
    ),
    "en": (
        "A landslide buried three houses in a mountain village on Tuesday, killing three people and injuring "
        "five, the fire service said.",
        [
            "Rescue teams searched the rubble through the night, helped by more than two hundred volunteers.",
            "Forecasters expect heavy rain to keep falling on the northern hills until the end of the week.",
            "The council moved about a hundred villagers to a school gymnasium and opened a relief centre.",
            "The government said it was considering declaring the valley a disaster zone to speed up aid.",
        ],
    ),
}
LANGUAGES = sorted(ARTICLES)


def page(body: str, *, head: str = "", header: str = "", language: str = "en") -> str:
    """A news page: site navigation, the article (headline, `header`, body), a footer."""
    return f"""<!doctype html><html lang="{language}"><head><meta charset="utf-8">
<title>Landslide in the valley | The Daily Example</title>{head}</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<main><article><header><h1>Landslide in the valley</h1>{header}</header>
<div class="article-body">{body}</div></article></main>
<footer><p>© The Daily Example. All rights reserved.</p></footer></body></html>"""


def paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def first_paragraph(html: str) -> str:
    return article_text(html).text.split("\n\n")[0]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("token", ["article__lead", "standfirst", "story-intro", "perex", "chapo"])
def test_lead_in_a_standfirst_element_leads_the_text(language, token):
    lead, body = ARTICLES[language]
    html = page(paragraphs(body), header=f'<div class="{token}">{lead}</div>', language=language)
    text = article_text(html).text
    assert text.split("\n\n")[0] == lead
    assert all(p in text for p in body)


@pytest.mark.parametrize("language", LANGUAGES)
def test_standfirst_whose_container_holds_the_byline_and_timestamps_leads_without_them(language):
    """An intro block with the standfirst, the author and <time> lines of publication and revision."""
    lead, body = ARTICLES[language]
    intro = (
        f'<div class="article__intro"><div class="summary">{lead}</div>'
        '<div class="byline">Von <span itemprop="name">Heike Example</span></div>'
        '<div class="metadata"><time datetime="2019-10-19T19:08">19.10.2019, 19:08</time> '
        '<time datetime="2019-10-19T19:08">Editiert am 19.10.2019, 19:08</time> <span>Nr. 43/2019</span>'
        "</div></div>"
    )
    text = article_text(page(paragraphs(body), header=intro, language=language)).text
    assert text.split("\n\n")[0] == lead
    assert "Heike Example" not in text and "19:08" not in text
    assert all(p in text for p in body)


@pytest.mark.parametrize("language", LANGUAGES)
def test_lead_that_exists_only_in_the_metadata_leads_the_text(language):
    lead, body = ARTICLES[language]
    html = page(
        paragraphs(body), head=f'<meta property="og:description" content="{lead}">', language=language
    )
    article = article_text(html)
    assert article.text.split("\n\n")[0] == lead
    assert article.lead == lead


@pytest.mark.parametrize("language", LANGUAGES)
def test_paragraph_a_description_witnesses_is_put_back_at_the_head(language):
    """The lead sits outside the article's body in an element with no telling class; the page's
    description holds its first sentence, which is how it is known to be the lead."""
    lead, body = ARTICLES[language]
    html = page(
        paragraphs(body),
        head=f'<meta name="description" content="{lead[: len(lead) * 2 // 3]}…">',
        header=f'<div class="x7"><strong>{lead}</strong></div>',
        language=language,
    )
    assert first_paragraph(html) == lead


@pytest.mark.parametrize("language", LANGUAGES)
def test_description_that_is_not_a_lead_of_this_text_is_not_added_twice(language):
    lead, body = ARTICLES[language]
    html = page(paragraphs([lead, *body]), head=f'<meta property="og:description" content="{lead}">')
    assert article_text(html).text.count(lead) == 1


FURNITURE = {
    "figure and caption": (
        '<figure><img src="a.jpg"><figcaption>왼쪽부터 김민수 대표, 이영희 이사, 박철수 회장이 기념촬영을 하고 있다.'
        "</figcaption></figure>",
        "왼쪽부터",
    ),
    "caption in a photo table": (
        '<table><tr><td><img src="b.jpg"></td></tr><tr><td>왼쪽부터 김민수 대표, 이영희 이사.</td></tr></table>',
        "이영희 이사",
    ),
    "caption in a div named after the photo": (
        '<div class="photo-box"><img src="c.jpg"><span>Balról jobbra: Kovács Anna és Szabó Péter a helyszínen.'
        "</span></div>",
        "Balról jobbra",
    ),
    "caption in a block named after the image": (
        '<div class="img_desc">왼쪽부터 김민수 대표, 이영희 이사, 박철수 회장이 기념촬영을 하고 있다.</div>',
        "기념촬영",
    ),
    "byline with its timestamp": ("<p>이용민 기자 | 2020-03-04 16:52:59</p>", "이용민 기자"),
    "byline and timestamp in spans": (
        '<div class="info"><span>이용민 기자</span> | <span>2020-03-04 16:52:59</span></div>',
        "이용민 기자",
    ),
    "bare dateline": ("<p>21 ม.ค.2561 เวลาประมาณ 12.00 น.</p>", "เวลาประมาณ"),
    "photo credit": ("<p>Borítókép: MTI/Koszticsák Szilárd</p>", "Borítókép"),
    "byline element": ('<div class="byline">Автор: Иван Петров, Сочи</div>', "Иван Петров"),
    "time element": ('<p><time datetime="2020-03-04">4 марта 2020</time>, Сочи</p>', "4 марта 2020"),
    "read more link": (
        '<p>اقرأ أيضا: <a href="/x">انهيار أرضي جديد يضرب القرى الجبلية في الشمال</a></p>',
        "اقرأ أيضا",
    ),
    "related-article block": (
        '<div class="related-stories"><h3>Mehr zum Thema</h3><ul><li><a href="/a">Erdrutsch in den Alpen '
        'fordert zwei Tote</a></li><li><a href="/b">Hochwasser im Süden nach tagelangem Regen</a></li>'
        "</ul></div>",
        "Erdrutsch in den Alpen",
    ),
    "related-article teaser with an image": (
        '<div class="card"><a href="/c"><img src="d.jpg"></a><h4><a href="/c">Hochwasser im Süden nach '
        "tagelangem Regen</a></h4><p>Die Pegel steigen weiter.</p></div>",
        "Die Pegel steigen",
    ),
    "note set apart in italics": (
        '<p><i>Siga a nossa cobertura completa em <a href="/c">nossa página especial sobre as chuvas</a>.</i></p>',
        "cobertura completa",
    ),
    "paywall notice named a lock": (
        '<section id="p_lock" class="locked"><h3>Wypróbuj prenumeratę cyfrową</h3><p>Pełne korzystanie z '
        "serwisu wymaga włączonego w Twojej przeglądarce JavaScript.</p></section>",
        "Pełne korzystanie",
    ),
    "members-only notice": (
        '<div class="m-articleRegist"><p>［有料会員限定］ この記事は会員限定です。電子版に登録すると続きをお読み'
        "いただけます。</p></div>",
        "会員限定",
    ),
    "comment section": (
        '<section class="comments"><p>Hace 37 minutos</p><p>Lo importante no es si imputa o no, lo importante '
        "es lo que se van a comer a costa del pueblo.</p></section>",
        "costa del pueblo",
    ),
    "house rules of the comments": (
        '<div><p>ترحب الشبكة بالنقاش الحيوي والمفيد. ننصحك بمراجعة <a href="/community_guidelines.html">إرشادات '
        'الاستخدام</a> و<a href="/privacy.html">سياسة الخصوصية</a>.</p></div>',
        "بالنقاش الحيوي",
    ),
    "sign-in prompt": (
        '<div class="bg_silver">Você precisa estar logado para enviar comentários.<br>'
        '<a href="login?ReturnUrl=https://example.com/a">CLIQUE AQUI PARA LOGAR</a></div>',
        "precisa estar logado",
    ),
    "labelled caption set apart in italics": (
        "<p><em>Fotó: a fesztivál egyik fényinstallációja a belvárosban, a csatorna partján</em></p>",
        "fényinstallációja",
    ),
    "sign-up box": (
        '<div><h3>Ne manquez rien</h3><p>Recevez chaque matin les titres du jour.</p><form><input name="e">'
        "</form></div>",
        "Recevez chaque matin",
    ),
}


@pytest.mark.parametrize("language", ["ko", "hu", "ru"])
@pytest.mark.parametrize("name", sorted(FURNITURE))
def test_furniture_element_is_dropped_and_the_article_kept(name, language):
    markup, words = FURNITURE[name]
    lead, body = ARTICLES[language]
    html = page(paragraphs([lead, body[0]]) + markup + paragraphs(body[1:]), language=language)
    text = article_text(html).text
    assert words not in text
    assert all(p in text for p in (lead, *body))


def test_headline_is_the_title_and_not_a_line_of_the_text():
    lead, body = ARTICLES["en"]
    article = article_text(page(paragraphs([lead, *body])))
    assert article.title is not None and "Landslide in the valley" in article.title
    assert "Landslide in the valley" not in article.text


def test_text_of_a_page_keeps_a_first_paragraph_that_looks_like_a_label():
    """The plain-text line rules dropped a first line without sentence punctuation (a score line, a
    disclosure); a page's structure says it is a paragraph of the article."""
    body = ARTICLES["en"][1]
    score = "Palm Bay 18 22 13 17 — 70 after four quarters at home"
    assert first_paragraph(page(paragraphs([score, *body]))) == score


def test_loose_lead_before_the_first_paragraph_is_kept():
    lead, body = ARTICLES["en"]
    html = page(f"{lead}<p></p>" + paragraphs(body))
    assert first_paragraph(html) == lead


GALLERY = "".join(
    f'<figure><img src="{n}.jpg"><figcaption>{caption}</figcaption></figure>'
    for n, caption in enumerate(
        [
            "Rescue teams search the rubble of a house in the village on Tuesday morning.",
            "Villagers carry their belongings to the school gymnasium after the landslide.",
            "A road blocked by mud and fallen trees near the entrance to the valley.",
        ]
    )
)
VIDEO = (
    '<div class="video-player"><video src="v.mp4"></video><p>Rescue teams search the rubble of a house in the '
    "village on Tuesday morning, as heavy rain keeps falling on the northern hills.</p></div>"
)


@pytest.mark.parametrize("body", [GALLERY, VIDEO], ids=["gallery", "video with its caption"])
def test_page_that_is_all_furniture_has_no_article_text(body):
    html = page(body)
    with pytest.raises(BriefingError, match=NO_ARTICLE_TEXT):
        article_text(html)
    with pytest.raises(BriefingError, match=NO_ARTICLE_TEXT):
        brief_html(html)


def test_briefing_of_a_page_whose_lead_is_only_in_its_metadata_can_say_what_happened():
    lead, body = ARTICLES["en"]
    html = page(paragraphs(body), head=f'<meta property="og:description" content="{lead}">')
    briefing = brief_html(html)
    assert any(coverage(s.text, lead) >= 0.8 for s in briefing.summary)
    assert "killing three people" in " ".join(s.text for s in briefing.summary)


def test_a_paragraph_that_cites_another_site_s_privacy_page_is_article_text():
    """Only links to the site's own sign-in or house-rules pages make a notice; a story about a privacy
    policy links to the company's page at its own address."""
    lead, body = ARTICLES["en"]
    cited = (
        'The company changed its <a href="https://example.org/privacy">privacy policy</a> after the '
        "regulator's ruling, and users were asked to agree again."
    )
    text = article_text(page(paragraphs([lead, cited, *body]))).text
    assert "users were asked to agree again" in text


def test_a_hover_card_inside_a_paragraph_leaves_the_paragraph_whole():
    """A name that opens a card (portrait, the headlines about that person) on hover: the card's links are
    not words of the sentence around it ("Kristi NoemKristi Lynn NoemSouth Dakota governor …")."""
    lead, body = ARTICLES["en"]
    card = (
        '<span class="person"><a href="/people/ann-lee">Ann Lee</a><span class="card"><img src="p.jpg">'
        '<a href="/people/ann-lee">Ann Margaret Lee</a>'
        '<a href="/news/1">Governor doubles down on her anti-drug campaign after a week of ridicule online</a> '
        '<a href="/news/2">State drops pipeline protest laws after a lawsuit by environmental groups</a> '
        '<a href="/news/3">New state law requiring a motto sign in public schools goes into effect</a>'
        '<a href="/people/ann-lee">MORE</a></span></span>'
    )
    sentence = f"<p>Governor {card} (R) is defending the state's campaign against the drug.</p>"
    text = article_text(page(paragraphs([lead]) + sentence + paragraphs(body))).text
    assert "Governor Ann Lee (R) is defending the state's campaign against the drug." in text
    assert "pipeline protest" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_standfirst_that_sends_the_reader_to_the_site_is_no_lead(language):
    """A standfirst and description that name the site (words of its og:site_name) and share no word with
    the headline promote the site ("see the province's incidents on the Young Journalists Club's site",
    yjc.ir); the article's own first paragraph leads. A lead that names its site and tells the story
    (shares the headline's words) stays."""
    lead, body = ARTICLES[language]
    promotion = "Read all of today's stories from our reporters on The Daily Example website."
    head = (
        '<meta property="og:site_name" content="The Daily Example | News every day">'
        f'<meta property="og:description" content="{promotion}">'
    )
    html = page(
        paragraphs([lead, *body]),
        head=head,
        header=f'<div class="subtitle">{promotion}</div>',
        language=language,
    )
    text = article_text(html).text
    assert promotion not in text and text.split("\n\n")[0] == lead
    told = (
        "The Daily Example has learned that a landslide buried three houses in the valley on Tuesday night."
    )
    html = page(paragraphs(body), head=head, header=f'<div class="subtitle">{told}</div>', language=language)
    assert article_text(html).text.split("\n\n")[0] == told
