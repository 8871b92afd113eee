"""The books we send: a catalogue of each year's Chinese publications (gazetteers,
facsimiles of the classics, history, archaeology, literature, law, economics, journals,
maps, recordings, databases) with their publishers' ISBN prefixes and list prices."""

import math
import random
from decimal import Decimal

from exchange.demo.books import isbn13, issn8, pages
from exchange.demo.helpers import decimal, weighted
from exchange.demo.money import CURRENCIES, nice_price

PROVINCES = (
    "北京市 上海市 天津市 重庆市 河北省 山西省 辽宁省 吉林省 黑龙江省 江苏省 浙江省 安徽省 "
    "福建省 江西省 山东省 河南省 湖北省 湖南省 广东省 海南省 四川省 贵州省 云南省 陕西省 "
    "甘肃省 青海省 内蒙古自治区 广西壮族自治区 西藏自治区 宁夏回族自治区 新疆维吾尔自治区"
).split()
GAZETTEER_VOLUMES = (
    "文物志 教育志 交通志 人口志 民俗志 方言志 水利志 农业志 出版志 图书馆志 宗教志".split()
)
CITIES = "苏州 杭州 宁波 扬州 绍兴 泉州 洛阳 开封 大同 桂林 昆明 西安 景德镇 青岛 厦门 南京".split()
DYNASTIES = "先秦 秦汉 魏晋南北朝 隋唐 唐代 宋代 辽金 元代 明代 清代 晚清 民国".split()
HISTORY_TOPICS = (
    "政治制度 财政 社会 思想 文化 军事 外交 城市 海外贸易 科举 法制 宗教 家族 边疆 交通 印刷"
).split()
SITES = (
    "二里头 殷墟 三星堆 良渚 陶寺 石峁 马王堆汉墓 海昏侯墓 金沙 凌家滩 河姆渡 半坡 牛河梁 周原"
).split()
PERIODS = "新石器时代 夏商 两周 秦汉 三国两晋南北朝 隋唐".split()
CLASSICS = (
    ("史记", "（汉）司马迁 撰"),
    ("汉书", "（汉）班固 撰"),
    ("资治通鉴", "（宋）司马光 编著"),
    ("说文解字", "（汉）许慎 撰"),
    ("世说新语", "（南朝宋）刘义庆 撰"),
    ("水经注", "（北魏）郦道元 注"),
    ("梦溪笔谈", "（宋）沈括 撰"),
    ("天工开物", "（明）宋应星 撰"),
    ("本草纲目", "（明）李时珍 撰"),
    ("齐民要术", "（北魏）贾思勰 撰"),
    ("文心雕龙", "（南朝梁）刘勰 撰"),
    ("东坡集", "（宋）苏轼 撰"),
    ("杜工部集", "（唐）杜甫 撰"),
    ("昭明文选", "（南朝梁）萧统 编"),
    ("太平御览", "（宋）李昉 等编"),
    ("营造法式", "（宋）李诫 撰"),
    ("徐霞客游记", "（明）徐弘祖 撰"),
)
EDITIONS = "宋刻本 元刻本 明刻本 清刻本 明抄本".split()
WRITERS = "鲁迅 郭沫若 茅盾 巴金 老舍 沈从文 郁达夫 冰心 朱自清 萧红".split()
GENRES = "短篇小说 中篇小说 散文 诗歌 报告文学".split()
LAWS = (
    "民法典 刑法 公司法 著作权法 数据安全法 个人信息保护法 公共图书馆法 文物保护法 环境保护法"
).split()
LAW_FIELDS = "宪法学 民法学 刑法学 国际法学 知识产权法学 环境法学 商法学 行政法学".split()
ECONOMY_TOPICS = "区域经济 数字经济 农村经济 对外贸易 城市化 文化产业 海洋经济 能源".split()
INTANGIBLE = "昆曲 京剧 古琴艺术 皮影戏 南音 侗族大歌".split()
SURNAMES = (
    "王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹"
).split()
GIVEN_NAMES = (
    "建华 晓东 志明 海涛 丽娟 文博 静怡 国强 永红 思远 立新 春生 明远 晓燕 振宇 雪梅 子健 "
    "秋云 宏伟 学勤 一凡 敏 磊 军 芳 涛 静 勇 婷"
).split()
# Publisher: the digits after 978-7 in its ISBNs.
PUBLISHERS = {
    "中华书局": "101",
    "商务印书馆": "100",
    "国家图书馆出版社": "5013",
    "人民出版社": "01",
    "上海古籍出版社": "5325",
    "文物出版社": "5010",
    "科学出版社": "03",
    "人民文学出版社": "02",
    "北京大学出版社": "301",
    "生活·读书·新知三联书店": "108",
    "上海人民出版社": "208",
    "社会科学文献出版社": "5228",
    "中国社会科学出版社": "5227",
    "法律出版社": "5197",
    "中国法制出版社": "5216",
    "方志出版社": "5144",
    "凤凰出版社": "5506",
    "中国地图出版社": "5204",
    "中国大百科全书出版社": "5202",
    "中国唱片集团有限公司": "7998",
}
JOURNALS = (
    # title, publisher, issues a year
    ("文献", "国家图书馆出版社", 6),
    ("国家图书馆学刊", "国家图书馆出版社", 6),
    ("中国图书馆学报", "国家图书馆出版社", 6),
    ("文物", "文物出版社", 12),
    ("考古", "科学出版社", 12),
    ("历史研究", "中国社会科学出版社", 6),
    ("文学评论", "中国社会科学出版社", 6),
    ("中国统计年鉴", "中国大百科全书出版社", 1),
    ("中国出版年鉴", "中国大百科全书出版社", 1),
)


class Catalogue:
    """Our publications of each year; a title goes to many partners, as in life."""

    SIZE = 160  # titles a year

    def __init__(self, rng: random.Random, years: range, currency: str):
        self.rng = rng
        self.currency = currency
        # CNY list prices in the base currency (1 to 1 when it is CNY, as it usually is).
        self.per_unit = Decimal(CURRENCIES[currency][0])
        self.issns = {journal[0]: issn8(rng) for journal in JOURNALS}
        self.years = {year: [self.book(year) for _ in range(self.SIZE)] for year in years}

    def pick(self, rng: random.Random, year: int, count: int) -> list[dict]:
        """Titles of the year and the one before, no title twice."""
        titles = self.years[year] + self.years.get(year - 1, [])
        return rng.sample(titles, min(count, len(titles)))

    def book(self, year: int) -> dict:
        rng = self.rng
        maker = weighted(rng, BOOK_MAKERS, BOOK_WEIGHTS)
        title, author, publisher, material, low, high = maker(rng, year)
        serial = material == "serial"
        isbn = "" if serial else isbn13(rng, "7", PUBLISHERS[publisher])
        cny = decimal(math.exp(rng.uniform(math.log(low), math.log(high))), 2)
        return {
            "title": title,
            "author": author,
            "publisher": publisher,
            "isbn": isbn,
            "issn": self.issns[title.split("（")[0]] if serial else "",
            "material_type": material,
            "language": "zh",
            "year": year if serial else year - weighted(rng, (0, 1), (75, 25)),
            "pages": pages(rng, material),
            "unit_value": nice_price(cny / self.per_unit, self.currency),
            "currency": self.currency,
        }


def chinese_author(rng: random.Random, role: str = "著") -> str:
    return f"{rng.choice(SURNAMES)}{rng.choice(GIVEN_NAMES)} {role}"


# Each maker returns (title, author, publisher, material type, lowest and highest price).


def gazetteer(rng, year):
    place = rng.choice(PROVINCES)
    if rng.random() < 0.3:
        city = rng.choice(CITIES)
        first = rng.choice((1986, 1991, 1996))
        title, body = f"{city}市志（{first}—{first + 19}）", f"{city}市"
    else:
        title, body = f"{place}志·{rng.choice(GAZETTEER_VOLUMES)}", place
    publisher = weighted(rng, ("方志出版社", "中华书局", "凤凰出版社"), (60, 25, 15))
    return title, f"{body}地方志编纂委员会 编", publisher, "monograph", 180, 680


def facsimile(rng, year):
    """Annotated editions and facsimiles of the classics; the costly sets are rarer."""
    book, author = rng.choice(CLASSICS)
    publisher = weighted(rng, ("国家图书馆出版社", "上海古籍出版社", "中华书局"), (55, 25, 20))
    title, author, low, high = weighted(
        rng,
        (
            (f"{book}校注", chinese_author(rng, "校注"), 68, 298),
            (f"{book}（国家图书馆藏{rng.choice(EDITIONS)}影印）", author, 380, 1980),
            (f"中华再造善本·{book}", author, 980, 6800),
            (f"国家图书馆藏敦煌遗书（第{rng.randint(1, 146)}册）", "国家图书馆 编", 680, 1680),
            (f"国家图书馆藏西夏文献（第{rng.randint(1, 20)}册）", "国家图书馆 编", 680, 1680),
        ),
        (40, 25, 15, 12, 8),
    )
    return title, author, publisher, "monograph", low, high


def history(rng, year):
    dynasty, topic = rng.choice(DYNASTIES), rng.choice(HISTORY_TOPICS)
    title = rng.choice(
        (
            f"{dynasty}{topic}研究",
            f"{dynasty}{topic}史",
            f"{dynasty}{topic}史论",
            f"{dynasty}{topic}考论",
            f"中国{topic}史（第{rng.randint(1, 8)}卷）",
        )
    )
    publisher = rng.choice(
        ("中华书局", "商务印书馆", "中国社会科学出版社", "北京大学出版社", "上海古籍出版社")
    )
    return title, chinese_author(rng), publisher, "monograph", 48, 198


def archaeology(rng, year):
    site, period = rng.choice(SITES), rng.choice(PERIODS)
    title, author = rng.choice(
        (
            (f"{site}遗址发掘报告", "中国社会科学院考古研究所 编著"),
            (
                f"{site}：{year - rng.randint(2, 8)}年度考古发掘报告",
                "中国社会科学院考古研究所 编著",
            ),
            (f"{site}出土文物精粹", "国家文物局 编"),
            (f"中国考古学·{period}卷", "中国社会科学院考古研究所 编著"),
            (f"{period}考古发现与研究", chinese_author(rng)),
        )
    )
    publisher = weighted(rng, ("文物出版社", "科学出版社"), (60, 40))
    return title, author, publisher, "monograph", 180, 980


def literature(rng, year):
    writer, genre = rng.choice(WRITERS), rng.choice(GENRES)
    title, author = rng.choice(
        (
            (f"{writer}全集（第{rng.randint(1, 12)}卷）", f"{writer} 著"),
            (f"中国当代{genre}选（{year}）", chinese_author(rng, "选编")),
            (f"{year - 1}年中国{genre}年选", chinese_author(rng, "主编")),
            (f"{writer}研究资料汇编", chinese_author(rng, "编")),
        )
    )
    return (
        title,
        author,
        weighted(rng, ("人民文学出版社", "上海人民出版社"), (70, 30)),
        "monograph",
        38,
        128,
    )


def law(rng, year):
    title = rng.choice(
        (
            f"中华人民共和国{rng.choice(LAWS)}释义",
            f"{rng.choice(LAWS)}评注",
            f"{rng.choice(LAW_FIELDS)}（第{rng.randint(2, 9)}版）",
            f"中国{rng.choice(LAW_FIELDS)}研究",
        )
    )
    publisher = rng.choice(("法律出版社", "中国法制出版社", "北京大学出版社"))
    return title, chinese_author(rng, "主编"), publisher, "monograph", 48, 198


def economy(rng, year):
    topic = rng.choice(ECONOMY_TOPICS)
    title, publisher = rng.choice(
        (
            (f"{topic}蓝皮书：中国{topic}发展报告（{year}）", "社会科学文献出版社"),
            (f"中国{topic}研究", "中国社会科学出版社"),
            (f"{topic}与中国经济增长", "商务印书馆"),
        )
    )
    return title, chinese_author(rng, "主编"), publisher, "monograph", 88, 298


def journal(rng, year):
    title, publisher, issues = rng.choice(JOURNALS)
    if issues == 1:
        return f"{title}（{year}）", f"{title}编辑委员会 编", publisher, "serial", 280, 780
    return f"{title}（{year}年第{rng.randint(1, issues)}期）", "", publisher, "serial", 20, 80


def atlas(rng, year):
    title = rng.choice(
        (
            f"中国历史地图集（第{rng.randint(1, 8)}册）",
            f"{rng.choice(PROVINCES)}地图册",
            "中华人民共和国地图（1:400万）",
        )
    )
    return title, "中国地图出版社 编", "中国地图出版社", "map", 15, 398


def recording(rng, year):
    title = f"中国非物质文化遗产·{rng.choice(INTANGIBLE)}（DVD）"
    return title, "中国唱片集团有限公司 出品", "中国唱片集团有限公司", "audiovisual", 60, 300


def database(rng, year):
    title = f"中华古籍资源库·{rng.choice(('经部', '史部', '子部', '集部'))}（光盘版）"
    return title, "国家图书馆 编", "国家图书馆出版社", "electronic", 200, 2000


BOOK_MAKERS = (gazetteer, facsimile, history, archaeology, literature, law, economy, journal)
BOOK_MAKERS += (atlas, recording, database)
BOOK_WEIGHTS = (12, 12, 20, 8, 12, 8, 8, 12, 3, 2, 3)
