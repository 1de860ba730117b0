"""The words generated records are made of: kinds of indicator, units, communities, publishers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Noun:
    """A kind of indicator: its words, unit, measure and typical size."""

    stem: str
    zh: str
    en: str
    category: str
    unit: str
    measure: str
    low: float  # level at the start of the series
    high: float
    verb: str = "达"  # how quotes introduce the figure
    higher_is_better: bool | None = True


NOUNS = (
    Noun("above_scale_enterprises", "规上企业", "Enterprises above designated size", "enterprises", "enterprise", "stock", 40, 600),
    Noun("high_tech_enterprises", "国家高新技术企业", "National high-tech enterprises", "enterprises", "enterprise", "stock", 10, 200),
    Noun("new_market_entities", "新登记市场主体", "Newly registered market entities", "enterprises", "enterprise", "flow", 80, 2500, "新增"),
    Noun("industrial_output", "规上工业产值", "Output of industry above designated size", "enterprises", "yuan", "flow", 2e8, 6e9, "实现"),
    Noun("tax_revenue", "税收收入", "Tax revenue", "enterprises", "yuan", "flow", 2e7, 9e8, "完成"),
    Noun("rd_spending", "研发经费投入", "R&D spending", "enterprises", "yuan", "flow", 5e6, 3e8, "投入"),
    Noun("specialised_smes", "专精特新中小企业", "Specialised and innovative SMEs", "enterprises", "enterprise", "stock", 3, 80),
    Noun("functional_divisions", "职能处室", "Functional divisions", "government_structure", "division", "stock", 20, 120, "共设", None),
    Noun("business_modules", "业务模块", "Business modules", "government_structure", "module", "stock", 5, 40, "统筹设置", None),
    Noun("business_groups", "业务组", "Business groups", "government_structure", "business_group", "stock", 20, 160, "统筹设置", None),
    Noun("one_window_items", "“一窗受理”事项", "Items handled at one window", "government_structure", "item", "stock", 100, 1500, "达"),
    Noun("cadre_behaviour_records", "干部行为数据记录", "Records of cadre behaviour", "cadre_evaluation", "record", "stock", 800, 40000, "累积"),
    Noun("evaluation_items", "考评事项", "Evaluation items", "cadre_evaluation", "item", "stock", 30, 300, "梳理"),
    Noun("positive_list_items", "正面清单事项", "Positive-list items", "cadre_evaluation", "item", "stock", 5, 40, "发布"),
    Noun("excellent_rate", "干部考评优秀率", "Share of cadres rated excellent", "cadre_evaluation", "percent", "stock", 8, 30, "为", None),
    Noun("general_cases", "一般程序案件", "Cases under the general procedure", "administrative_enforcement", "case", "flow", 10, 120, "办理", None),
    Noun("simple_cases", "简易程序案件", "Cases under the simple procedure", "administrative_enforcement", "case", "flow", 500, 9000, "办理", None),
    Noun("enforcement_items", "综合行政执法事项", "Items of comprehensive enforcement", "administrative_enforcement", "item", "stock", 300, 2800, "拓展到"),
    Noun("enforcement_domains", "综合行政执法领域", "Domains of comprehensive enforcement", "administrative_enforcement", "domain", "stock", 9, 35, "增至"),
    Noun("item_coverage", "执法事项覆盖率", "Enforcement item coverage", "administrative_enforcement", "percent", "stock", 30, 70, "达到"),
    Noun("max_penalty", "个案最高处罚", "Largest penalty in one case", "administrative_enforcement", "yuan", "maximum", 1e5, 2e6, "达", None),
    Noun("service_projects", "政府购买服务项目", "Purchased-service projects launched", "procurement_of_services", "project", "flow", 5, 40, "开展"),
    Noun("service_funds", "政府购买服务资金", "Funds of purchased services", "procurement_of_services", "yuan", "flow", 2e6, 6e7, "涉及"),
    Noun("service_budget", "政府购买服务预算", "Budget for purchased services", "procurement_of_services", "yuan", "plan", 4e6, 9e7, "安排", None),
    Noun("noise_complaints", "广场舞噪音投诉", "Square-dance noise complaints", "public_complaints", "complaint", "mean_per_month", 5, 90, "平均每月收到", False),
    Noun("hotline_complaints", "12345热线投诉", "Complaints to the 12345 hotline", "public_complaints", "complaint", "flow", 200, 6000, "受理", False),
    Noun("resolution_rate", "投诉按期办结率", "Complaints resolved on time", "public_complaints", "percent", "stock", 80, 97, "达"),
    Noun("satisfaction_rank", "群众满意度全省排名", "Province rank of public satisfaction", "public_complaints", "rank", "rank", 3, 60, "位列", False),
)  # fmt: skip

#: How each unit is written after a number in a Chinese quote.
UNIT_WORDS = {
    "enterprise": "家", "division": "个处室", "module": "个模块", "business_group": "个业务组", "item": "项",
    "record": "条", "complaint": "件", "domain": "个", "case": "起", "project": "个", "yuan": "元", "percent": "%",
}  # fmt: skip

#: Community names: the indicators of a noun are given for the whole city and for each community.
_FIRST = [("东", "dong"), ("西", "xi"), ("南", "nan"), ("北", "bei"), ("新", "xin"), ("海", "hai"), ("江", "jiang"),
          ("湖", "hu"), ("龙", "long"), ("金", "jin"), ("华", "hua"), ("兴", "xing"), ("安", "an"), ("平", "ping"),
          ("宁", "ning")]  # fmt: skip
_SECOND = [("城", "cheng"), ("港", "gang"), ("湾", "wan"), ("桥", "qiao"), ("浦", "pu"), ("塘", "tang"), ("岙", "ao"),
           ("垟", "yang")]  # fmt: skip
AREAS = [("全市", "Longgang", "city")] + [
    (f"{a}{b}社区", f"{pa.capitalize()}{pb} community", f"{pa}{pb}") for a, pa in _FIRST for b, pb in _SECOND
]

SOURCE_KINDS = (
    # kind, id word, publisher zh, publisher en
    ("statistical_bulletin", "stats", "龙港市统计局", "Longgang Statistics Bureau"),
    ("government_report", "report", "龙港市人民政府", "Longgang People's Government"),
    ("government_media", "fabu", "龙港发布", "Longgang Release (the government's official media account)"),
    ("press", "wzrb", "温州日报", "Wenzhou Daily"),
    ("press", "zjrb", "浙江日报", "Zhejiang Daily"),
    ("other", "shelian", "龙港市社会组织联合会", "Longgang Federation of Social Organisations"),
)
