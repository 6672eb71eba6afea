"""A zone as full and as wordy as a real one, built with factories, for the layout tests.

Pages fit a phone only if they fit its real content: long Chinese names and titles, document
numbers, figures with their units, a report of long sections and tables of many rows. The
tables below hold that content, a record per line, fields separated by |.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from hightech_zone.seed import stamp_publication
from tests import factories

ZONE_YEAR = 2091  # the report's year and its figures'; some figures also have ZONE_YEAR - 1
ZONE_NAME = "测试滨海新城高新技术产业开发区"
ADMINISTRATION = f"{ZONE_NAME}管理委员会"
REPORT_TITLE = f"{ZONE_NAME}{ZONE_YEAR}年工作报告"

# code | name | unit | value | growth | other fields of the ZONE_YEAR value (a=1,b=2). Only
# the economy section (ECONOMY and INDUSTRY) gives two or more growth rates: only it has a chart.
ECONOMY = """
t_gdp|测试地区生产总值|亿元|72.6|15.8|rank=2,rank_scope=全市
t_budget_revenue|测试一般公共预算收入|亿元|8.43|12.1|rank=3,rank_scope=全市
t_fixed_asset_investment|测试全社会固定资产投资|亿元|50.2|9.6|rank=1,rank_scope=全市
t_industrial_value_added|测试规模以上工业增加值|亿元||21|rank=1,rank_scope=全市
t_external_investment|测试域外招商引资实际到位资金|亿元|68.3|6.2|rank=1,rank_scope=全市,rank_basis=amount
t_retail_sales|测试社会消费品零售总额|亿元|25.7|3.2|rank=4,rank_scope=全市
"""
INDUSTRY = """
t_leading_industries_output|测试四大主导产业集群实现产值|亿元|96.4|11.3|
t_biomedicine_output|测试生物医药产业产值|亿元|31.5|28.4|
t_industrial_investment|测试完成工业投资|亿元|18.9||
t_new_industrial_enterprises|测试新增规模以上工业企业|户|12|33.3|
t_new_individual_businesses|测试新增个体工商户|户|1460||qualifier=余
"""
OVERVIEW = """
t_enterprises|测试区内现有各类企业|户|3208||
t_enterprises_above_scale|测试规模以上工业企业|户|46||
t_high_tech_enterprises|测试国家级高新技术企业|家|21||
t_authorized_patents|测试累计拥有授权专利|件|330||qualifier=余
t_national_incubators|测试国家级科技企业孵化器(创业服务中心)|个|1||
t_evaluation_rank|测试国家高新区综合评价排名||||rank_change=8,rank_scope=全国157个国家级高新区
"""
REFORM = """
t_admin_departments|测试管委会内设机构数量|个|11||baseline_value=23
t_approval_items|测试承接各类行政审批和公共服务事项|项|236||
t_approval_days|测试企业设立登记审批时限|个工作日|3||baseline_value=15
t_approvals_handled|测试全年办理各类审批件|件|4382||prior_multiple=1.6
t_env_supervisors|测试公开聘请营商环境监督员|名|30||
t_issues_collected|测试企业家座谈会梳理企业反映问题|个|127||
t_issues_resolved|测试企业反映问题已经解决|个|108||
"""
INNOVATION = """
t_new_high_tech|测试新增国家级高新技术企业|家|9|50|
t_sci_tech_projects|测试成功申报国家、省、市级科技项目|项|42||
t_loan_fund|测试科技助保贷业务先期到位资金|万元|2000||
t_revitalization_fund|测试东北振兴新动能培育平台及设施建设专项资金|万元|1500||source=测试省发展和改革委员会批复文件
"""
# The composite ratio 三次产业比 and its parts: code | value
STRUCTURE = """
t_structure_primary|1.6
t_structure_secondary|41.8
t_structure_tertiary|56.6
"""
# An earlier year of some figures, so that their pages draw a chart (t_gdp keeps one: a card).
EARLIER = """
t_budget_revenue|7.52|6.4|5
t_fixed_asset_investment|45.8|-3.1|4
t_biomedicine_output|24.5|17.2|
"""

# name | granting body | year | month
DESIGNATIONS = """
测试国家高新技术产业开发区|国务院|2034|2
测试全国产城融合示范区|国家发展和改革委员会|2035|9
测试国家科技成果转化服务(滨海)示范基地|科学技术部|2036|5
测试国家火炬滨海汽车零部件特色产业基地|科学技术部火炬高技术产业开发中心|2037|11
测试国家科技兴贸创新基地|商务部、科学技术部|2038|3
"""

# name | kind | level | host | investment | floor area | signed projects | state | description
PLATFORMS = """
测试滨海大学科技园|university_park|provincial|测试渤海大学|3.77|9.6|26|已投入使用|测试滨海大学科技园由测试渤海大学与高新区共建,设有创业孵化、研发中试、技术转移和公共检测四个功能区,已签约入驻高校院所研发中心和科技型中小企业二十余家,为高校毕业生创新创业提供场地、资金和辅导服务。
测试滨海银行科技金融服务中心|sci_tech_finance|municipal|测试滨海银行股份有限公司||||已完成建设|为区内科技型中小企业提供科技助保贷、知识产权质押融资和投贷联动服务。
测试滨海高新区国家级科技企业孵化器(创业服务中心)|incubator|national|测试滨海高新区创业服务中心有限公司||4.2||已投入使用|
"""

# name | phase | industry | investor | investment (亿元) | stage | key | on the university park
# | this year's progress
PROJECTS = """
测试复星生物医药产业园|一期|biomedicine|测试复星医药(集团)股份有限公司|12.5|full_production|key||一期工程已经达产运营,二期厂房主体施工中
测试华为云计算数据中心||electronics|测试华为技术有限公司|8|started|key||完成土地摘牌,桩基工程开工建设
测试天文太阳能光伏组件检测中心||new_energy|测试天文太阳能科技有限公司|2.3|under_construction|||检测车间钢结构安装完成七成
测试环宇科技集成电路产业园||electronics|测试环宇科技集团有限公司|20|trial_operation|key||封装测试生产线已实现试运营
测试万得科技大厦||services|测试万得投资有限公司|3.5|structure_completed|||主体已经完工,正在进行内部装修,预计年底投入运营
测试万达广场城市综合体||services|测试万达商业管理集团有限公司|30|in_operation|key||购物中心和商业步行街开业运营
测试红星美凯龙家居广场||services|测试红星美凯龙家居集团股份有限公司|6|in_operation|||一至四层卖场全部开业
测试爱一方生活体验中心||services||1.2|in_operation|||投入运营
测试天辰博锐智能装备研发中心||equipment|测试天辰博锐科技有限公司|0.8|signed||park|已签约入驻大学科技园
测试中国医科大学药学院药品食品检验检测与创新研发中心||biomedicine|测试中国医科大学|1.5|signed||park|在大学科技园开园仪式上正式签约
"""

# title | document number | kind | category | validity | issuing body
POLICIES = f"""
测试中共滨海高新区工作委员会关于成立滨海高新区科技创新工作领导小组的通知|测高新工委发〔{ZONE_YEAR}〕7号|notice|organisation|effective|测试中共滨海高新区工作委员会
测试滨海高新区科技创新券实施管理办法|测高新管发〔{ZONE_YEAR}〕12号|measures|sci_tech|effective|{ADMINISTRATION}
测试滨海高新技术产业开发区科技互助贷款管理办法|测高新管发〔{ZONE_YEAR}〕15号|measures|sci_tech_finance|effective|{ADMINISTRATION}
测试滨海高新技术产业开发区引进高新技术人才优惠政策(征求意见稿)||preferential|talent|for_comment|{ADMINISTRATION}
测试松山新区管理委员会关于进一步做好吸引高校毕业生来松山新区工作的实施细则||rules|talent|for_comment|测试松山新区管理委员会
测试滨海大学科技园入驻企业优惠政策|测高新管发〔{ZONE_YEAR}〕21号|preferential|sci_tech|effective|{ADMINISTRATION}
测试滨海高新区体制机制改革方案|测高新工委发〔{ZONE_YEAR}〕3号|plan|reform|effective|测试中共滨海高新区工作委员会
测试关于全面实施“五个五”工程持续优化营商环境的工作方案|测高新管发〔{ZONE_YEAR}〕30号|plan|reform|effective|{ADMINISTRATION}
测试滨海市产城融合示范区建设总体方案|测政发〔{ZONE_YEAR}〕18号|plan|urban_industry|effective|测试滨海市人民政府
测试滨海市产城融合示范区总体规划({ZONE_YEAR}—2100年)||master_plan|urban_industry|drafting|测试滨海市人民政府
测试农业转移人口市民化与产城融合管理服务体系课题研究||research|urban_industry|not_applicable|测试渤海大学
"""

# heading, paragraphs (a line each; (一)、… lines are subheadings), the figures it names
SECTIONS = [
    (
        "一、发展沿革及自然情况",
        """
测试滨海新城高新区于[[zone|founded]]在整合原南站新区、滨河新区优势资源基础上组建而成,是市委、市政府的派出机构。[[designation:测试国家高新技术产业开发区|granted]],经国务院批准晋升为国家高新区;[[designation:测试全国产城融合示范区|granted]],被列为全国产城融合示范区。
测试滨海新城高新区位于市区南部,北临老城区,南接经济技术开发区,地处沿海经济带的重要节点,现辖区面积[[zone|area]],人口[[zone|population]],两条铁路干线和三条高速公路纵横交会,与周边城市形成“一小时”城市群。
目前,区内现有企业[[t_enterprises]],规模以上工业企业[[t_enterprises_above_scale]],高新技术企业[[t_high_tech_enterprises]];拥有国家级科技企业孵化器[[t_national_incubators]],授权专利[[t_authorized_patents]]。先后被认定为“[[designation:测试国家科技成果转化服务(滨海)示范基地]]”、“[[designation:测试国家火炬滨海汽车零部件特色产业基地]]”和“[[designation:测试国家科技兴贸创新基地]]”,综合评价排名在[[t_evaluation_rank|rank_scope]]中提升[[t_evaluation_rank|rank_change]]位。
""",
        [OVERVIEW],
    ),
    (
        "二、经济运行及产业情况",
        """
经济运行持续向好。全年,全区测试地区生产总值实现[[t_gdp]],同比增长[[t_gdp|growth]],增幅位于[[t_gdp|rank]];一般公共预算收入实现[[t_budget_revenue]],同比增长[[t_budget_revenue|growth]],增幅位于[[t_budget_revenue|rank]];全社会固定资产投资实现[[t_fixed_asset_investment]],同比增长[[t_fixed_asset_investment|growth]];规模以上工业增加值同比增长[[t_industrial_value_added|growth]],增幅位于[[t_industrial_value_added|rank]];域外招商引资实现[[t_external_investment]],同比增长[[t_external_investment|growth]],完成额[[t_external_investment|rank_scope]]排名第[[t_external_investment|rank_cn]];社会消费品零售总额实现[[t_retail_sales]],同比增长[[t_retail_sales|growth]]。
转型升级成效明显。一是产业结构不断优化。以生物医药、汽车零部件、电子信息、新材料为主的四大主导产业集群实现产值[[t_leading_industries_output]],增长[[t_leading_industries_output|growth]],其中测试生物医药产业产值[[t_biomedicine_output]],增长[[t_biomedicine_output|growth]];三次产业比调整为[[t_structure]]。二是工业投资注重质量。完成工业投资[[t_industrial_investment]],投资项目集中在企业技改和新产品、新技术的研发研制上。三是企业培育成长实现新突破。新增规模以上工业企业[[t_new_industrial_enterprises]],新增个体工商户[[t_new_individual_businesses]]。
招商引资项目建设取得新成效。测试复星生物医药产业园一期工程已经达产运营;测试环宇科技集成电路产业园已实现试运营;测试万得科技大厦项目主体已经完工,正在进行内部装修,预计年底投入运营;测试万达广场城市综合体、测试红星美凯龙家居广场、测试爱一方生活体验中心等服务业项目投入运营。
""",
        [ECONOMY, INDUSTRY, STRUCTURE],
    ),
    (
        "三、体制机制改革推进情况",
        """
激发深化改革新活力。一是全面完成体制机制改革任务,制定完成《测试滨海高新区体制机制改革方案》,实行“大部制、扁平化”管理,管委会内设机构由[[t_admin_departments|baseline]]整合为[[t_admin_departments]]。二是大力度推进行政管理体制改革,承接各类审批服务事项[[t_approval_items]],审批时限由原来的[[t_approval_days|baseline]]缩短为[[t_approval_days]];全年办理各类审批件[[t_approvals_handled]],是去年同期的[[t_approvals_handled|multiple]]倍,无一逾期且实现零投诉。
营造扩大开放新境界。制定了全面实施“五个五”工程的特色工作方案;公开聘请营商环境监督员[[t_env_supervisors]];召开企业家座谈会,梳理问题[[t_issues_collected]],已经解决[[t_issues_resolved]],赢得了企业的认可。
""",
        [REFORM],
    ),
    (
        "四、创新创业工作开展情况",
        """
(一)、创新创业环境不断优化
成立了科技创新工作领导小组,制定出台了《测试滨海高新区科技创新券实施管理办法》和《测试滨海高新技术产业开发区科技互助贷款管理办法》,用以鼓励区内企业加大科技投入、解决科技型企业在创新创业发展初期存在的融资难问题;先后制订了引进高新技术人才和吸引高校毕业生的政策文件,目前处于征求意见阶段,拟于近期实施。
(二)、创新要素实现集聚发展
总投资[[platform:测试滨海大学科技园|total_investment]],总建筑面积[[platform:测试滨海大学科技园|floor_area]]的大学科技园已经投入使用,[[platform:测试滨海大学科技园|signed_projects]]项目已经签约入驻;完成了[[platform:测试滨海银行科技金融服务中心]]建设,科技助保贷业务[[t_loan_fund]]先期资金已经到位;成功获批[[t_revitalization_fund]]的专项资金;新增高新技术企业[[t_new_high_tech]],同比增长[[t_new_high_tech|growth]];成功申报国家、省、市级科技项目[[t_sci_tech_projects]]。
""",
        [INNOVATION],
    ),
]

CLOSING = (
    "测试滨海新城高新区正迎来前所未有的发展机遇,我们会牢记使命担当、不断开拓进取,以奋进诠释"
    "信念、以实干创造未来,齐心协力,攻坚克难,善作善成,合力奏响国家高新区和示范区建设的新乐章,"
    "全力打造区域科技创新高地,为持续推动新区经济平稳健康发展,实现在全市创新发展中率先崛起"
    "做出我们新的、更大的贡献!"
)


def rows(table):
    """A table above as lists of fields, empty fields as None."""
    return [[field or None for field in line.split("|")] for line in table.strip().splitlines()]


def build_indicators(table, category):
    """Each row's indicator and its ZONE_YEAR value, by code."""
    made = {}
    for order, (code, name, unit, value, growth, extra) in enumerate(rows(table)):
        indicator = factories.indicator(
            code=code, name=name, unit=unit or "", category=category, display_order=order
        )
        fields = dict(pair.split("=") for pair in extra.split(",")) if extra else {}
        factories.value(
            indicator=indicator,
            year=ZONE_YEAR,
            value=value,
            growth_pct=growth,
            **{"source": "测试滨海新城高新区统计局", **fields},
        )
        made[code] = indicator
    return made


def build_full_zone():
    """Every kind of record in the numbers and lengths of a real zone; returns them by name."""
    zone = factories.zone(
        name=ZONE_NAME,
        short_name="测试滨海高新区",
        founded_year=2031,
        founded_month=11,
        origin="在整合原南站新区、滨河新区优势资源基础上组建而成",
        administrative_status="市委、市政府的派出机构",
        area_km2=Decimal("220"),
        population_wan=Decimal("20"),
        location="位于市区南部,北临老城区,南接经济技术开发区,地处沿海经济带的重要节点。",
        transport="两条铁路干线和三条高速公路纵横交会,与周边城市形成“一小时”城市群。",
        overview=(
            "测试滨海新城高新区于2031年11月组建,2034年2月经国务院批准晋升为国家高新区,"
            "2035年9月被列为全国产城融合示范区。高新区在全市自主创新、产业结构调整中发挥了"
            "良好的示范、引领和带动作用,为建设区域性中心城市提供了创新活力。"
        ),
        address="测试滨海市高新区科技大道一段一百二十八号创新创业服务大厦",
        phone="0416-3190000",
        contact_email="gxq@example.cn",
        site_code="2107000099",
        icp_number="辽ICP备12345678号-1",
        police_record_number="辽公网安备 21070202000123号",
        conac_url="https://bszs.conac.cn/sitename?method=show&id=1",
    )
    designations = [
        factories.designation(
            name=name,
            granting_body=body,
            year=year,
            month=month,
            description=f"经{body}批准,获得“{name}”称号。",
            display_order=order,
        )
        for order, (name, body, year, month) in enumerate(rows(DESIGNATIONS))
    ]

    indicators = {}
    for table, category in (
        (OVERVIEW, "overview"),
        (ECONOMY, "economy"),
        (INDUSTRY, "industry"),
        (REFORM, "reform"),
        (INNOVATION, "innovation"),
    ):
        indicators.update(build_indicators(table, category))
    for code in ("t_gdp", "t_budget_revenue", "t_fixed_asset_investment"):
        indicators[code].is_headline = True
        indicators[code].save()
    for code, value, growth, rank in rows(EARLIER):
        factories.value(
            indicator=indicators[code],
            year=ZONE_YEAR - 1,
            value=value,
            growth_pct=growth,
            rank=rank,
            rank_scope="全市" if rank else "",
        )
    indicators["t_structure"] = structure = factories.indicator(
        code="t_structure", name="测试三次产业比", unit="", category="industry", kind="ratio"
    )
    for order, (code, number) in enumerate(rows(STRUCTURE)):
        indicators[code] = part = factories.indicator(
            code=code,
            name=f"测试三次产业比(第{'一二三'[order]}产业增加值占比)",
            unit="%",
            category="industry",
            parent=structure,
            display_order=order,
        )
        factories.value(indicator=part, year=ZONE_YEAR, value=number)

    platforms = [
        factories.platform(
            name=name,
            kind=kind,
            level=level,
            host_organisation=host,
            year_recognised=ZONE_YEAR - 3,
            total_investment=investment,
            floor_area=area,
            signed_projects=signed,
            operating_state=state,
            description=text or "",
        )
        for name, kind, level, host, investment, area, signed, state, text in rows(PLATFORMS)
    ]
    projects = []
    for name, phase, industry, investor, money, stage, key, park, text in rows(PROJECTS):
        project = factories.project(
            name=name,
            phase=phase or "",
            industry=industry,
            investor=investor or "",
            total_investment=money,
            platform=platforms[0] if park else None,
            is_key=bool(key),
            summary=f"{name}由{investor or '社会资本'}投资建设,总投资{money}亿元。{text}。",
        )
        factories.progress(project=project, year=ZONE_YEAR - 1, stage="signed", progress="签约")
        factories.progress(project=project, year=ZONE_YEAR, stage=stage, progress=text)
        projects.append(project)
    policies = [
        factories.policy(
            title=title,
            doc_number=doc_number or "",
            index_number=f"000014349/{ZONE_YEAR}-{number:05d}",
            kind=kind,
            category=category,
            validity=validity,
            issuing_body=body,
            year=ZONE_YEAR,
            written_on=datetime.date(ZONE_YEAR, number, 10),
            published_on=datetime.date(ZONE_YEAR, number, 15),
            summary=f"为深入实施创新驱动发展战略,{body}印发《{title}》,自发布之日起施行。",
            body="\n".join(
                f"第{n}条 本{title[-4:]}适用于高新区内注册的企业和机构。" for n in "一二三四五"
            ),
        )
        for number, (title, doc_number, kind, category, validity, body) in enumerate(
            rows(POLICIES), 1
        )
    ]

    report = factories.report(
        year=ZONE_YEAR,
        title=REPORT_TITLE,
        issuing_body=ADMINISTRATION,
        issued_on=datetime.date(ZONE_YEAR + 1, 4, 17),
        closing=CLOSING,
    )
    sections = []
    for order, (heading, text, tables) in enumerate(SECTIONS, 1):
        section = factories.section(report=report, order=order, heading=heading, body=text.strip())
        codes = [row[0] for table in tables for row in rows(table)]
        section.indicators.set(indicators[code] for code in codes)
        sections.append(section)
    sections[1].indicators.add(structure)
    sections[1].projects.set(projects[:8])
    sections[2].policies.set(policies[6:8])
    sections[3].policies.set(policies[:6])
    sections[3].projects.set(projects[8:])
    sections[3].platforms.set(platforms[:2])
    earlier = factories.report(
        year=ZONE_YEAR - 1,
        title=f"{ZONE_NAME}{ZONE_YEAR - 1}年工作报告",
        issuing_body=ADMINISTRATION,
        issued_on=datetime.date(ZONE_YEAR, 3, 28),
    )
    factories.section(
        report=earlier,
        heading="一、经济运行情况",
        body=(
            "全年一般公共预算收入实现[[t_budget_revenue]],同比增长[[t_budget_revenue|growth]];"
            "测试生物医药产业产值[[t_biomedicine_output]],增长[[t_biomedicine_output|growth]]。"
        ),
    ).indicators.set([indicators["t_budget_revenue"], indicators["t_biomedicine_output"]])
    disclosure = factories.disclosure(
        year=ZONE_YEAR,
        title=f"{ZONE_NAME}{ZONE_YEAR}年政府信息公开工作年度报告",
        issuing_body=ADMINISTRATION,
        overview=(
            "本年度,管委会坚持以公开为常态、不公开为例外,围绕优化营商环境、重点项目建设等"
            "工作主动公开政府信息。\n全年通过门户网站主动公开政府信息一百二十余条。"
        ),
        problems="政策解读形式较为单一,下一步将增加图表解读。",
    )
    # Balanced as the form requires: received and carried over = handled and carried forward.
    for row, natural in (
        ("new", 12),
        ("carried_over", 1),
        ("disclosed", 8),
        ("partly", 3),
        ("carry_forward", 2),
    ):
        factories.request_row(report=disclosure, row=row, natural_person=natural)
    stamp_publication(timezone.now())  # as the seed's records are: pages show when
    return SimpleNamespace(
        disclosure=disclosure,
        zone=zone,
        designations=designations,
        indicators=indicators,
        gdp=indicators["t_gdp"],
        platforms=platforms,
        projects=projects,
        policies=policies,
        report=report,
        sections=sections,
        earlier_report=earlier,
    )
