#!/usr/bin/env python3
"""Generate recipes/demo-county.recipe.json, the demo matrix of the fictional 青禾县.

Usage (from the repository root):

    python3 recipes/tools/make_demo_recipe.py

The output is deterministic: a fixed random seed, no clock, no environment. Running the script again
rewrites the file byte for byte, so a diff of the JSON always comes from a change in this file.

Everything in the demo is invented: the county, its towns, villages, roads, schools, companies, the
people's names and every phone number (area code 0000). Publication times are relative to the day the
recipe runs ("today-37d 09:30") and no body text carries an absolute date, so the demo looks current
whenever it is set up.

The posting history is shaped for the inspection rules (shared/domain/inspection-rules.md): most
accounts post every few days, a handful are dormant, nearly dormant, zombie or never posted; see
ACCOUNTS (the `schedule` column) and the comment above it. Seasonal topics (flood warnings, 秋冬季 disease
control, straw burning, cold waves) follow one calendar, see SEASON.

How the text is made: every department has a handful of topic templates (functions decorated with
@template) plus five generic ones (meetings, inspections, training, volunteering, calls for opinions).
Posts are written oldest first, so numbered series (第N期) grow with time; the least-used template of the
department is preferred, a topic whose body is mostly fixed is used once per department (Ctx.fresh), and
titles are unique across the recipe. check() validates the result before the file is written.

Standard library only.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

SEED = 20240917
OUTPUT = Path(__file__).resolve().parent.parent / "demo-county.recipe.json"
WINDOW_DAYS = 120  # notices are spread over the last 120 days

DEMO_NOTICE = "本站为演示站点：青禾县及全部内容均为虚构，不代表任何真实政府机关。"

# Mirrors TenantRegistry.ReservedPrefixes in src/NewMediaCms.Tenancy.
RESERVED_PREFIXES = {
    "admin", "api", "themes", "static", "assets", "feed", "feeds", "rss", "atom", "search", "health",
    "healthz", "hangfire", "jobs", "notices", "notice", "accounts", "account", "departments", "login",
    "logout", "account-login", "sitemap.xml", "robots.txt", "favicon.ico", "error", "not-found", "elder",
    "css", "js", "img", "files", "media",
}

# ---------------------------------------------------------------------------------------------------
# Fictional geography
# ---------------------------------------------------------------------------------------------------

TOWNS = ["城关镇", "青禾镇", "白鹭乡", "长岭镇", "马家店乡", "双塘镇"]
COMMUNITIES = ["城关镇东街社区", "城关镇西街社区", "城关镇南关社区", "城关镇北关社区", "城关镇文化路社区",
               "城关镇建设路社区", "城关镇河滨社区", "城关镇青禾大道社区"]
CGZ_VILLAGES = ["城关镇柳园村", "城关镇东湾村", "城关镇杨庄村"]
QHZ_VILLAGES = ["青禾镇西河村", "青禾镇槐树岭村", "青禾镇大王庄村", "青禾镇石桥村", "青禾镇前营村",
                "青禾镇后营村", "青禾镇桃花坞村", "青禾镇沙河铺村"]
OTHER_VILLAGES = ["白鹭乡芦苇荡村", "白鹭乡新集村", "长岭镇岭上村", "长岭镇黄土坡村", "马家店乡马家店村",
                  "马家店乡枣林村", "双塘镇前塘村", "双塘镇后塘村"]
VILLAGES = CGZ_VILLAGES + QHZ_VILLAGES + OTHER_VILLAGES
ROADS = ["青禾大道", "人民路", "文化路", "建设路", "迎宾大道", "滨河路", "工业园路", "东环路", "西环路",
         "北环路", "南环路", "学府路", "健康路", "禾丰路", "振兴路"]
RURAL_ROAD_VILLAGES = {  # rural road -> villages along it
    "县道青白线": ["青禾镇西河村", "白鹭乡芦苇荡村", "白鹭乡新集村"],
    "县道青长线": ["青禾镇石桥村", "长岭镇岭上村", "长岭镇黄土坡村"],
    "乡道西石路": ["青禾镇西河村", "青禾镇石桥村"],
    "乡道马枣路": ["马家店乡马家店村", "马家店乡枣林村"],
    "县道双塘线": ["城关镇东湾村", "双塘镇前塘村", "双塘镇后塘村"],
    "乡道柳东路": ["城关镇柳园村", "城关镇东湾村"],
}
RURAL_ROADS = list(RURAL_ROAD_VILLAGES)
RESIDENTIAL = ["禾丰小区", "建设路家属院", "文化路北区", "滨河花园", "南关新村", "粮食局家属院", "供销社家属院",
               "东街二号院", "锦绣禾园", "青禾名苑"]
HOSPITALS = ["青禾县人民医院", "青禾县中医院", "青禾县妇幼保健院", "城关镇卫生院", "青禾镇卫生院", "长岭镇卫生院"]
COMPANIES = [
    ("青禾禾丰食品有限公司", "食品加工"), ("青禾恒达机械制造有限公司", "装备制造"),
    ("青禾绿源农业科技有限公司", "现代农业"), ("青禾顺通物流有限公司", "物流运输"),
    ("青禾华信电子科技有限公司", "电子元件"), ("青禾康宁医药连锁有限公司", "医药零售"),
    ("青禾锦程纺织有限公司", "纺织服装"), ("青禾建工集团有限公司", "建筑施工"),
    ("青禾悦来酒店管理有限公司", "住宿餐饮"), ("青禾佳美家政服务有限公司", "家政服务"),
]
PEOPLE = ["张丽娟", "刘志强", "陈静", "杨海涛", "赵敏", "黄文军", "周雪梅", "吴俊峰", "徐晓红", "孙立新", "马春燕",
          "朱宏伟", "胡晓丽", "郭振华", "何秀英", "高建平", "林晓峰", "罗玉兰", "梁志勇", "宋丽萍", "郑海燕", "谢文斌",
          "韩冬梅", "唐志刚", "冯雅琴", "于振东", "董丽华", "程建新", "曹慧敏", "袁立军", "邓晓云", "许文涛", "傅秋菊",
          "沈国庆", "曾小兵", "彭玉洁", "吕永刚", "苏静怡", "卢红霞", "蒋建军", "蔡雪芳", "贾明辉", "丁婉清", "魏长河",
          "薛晓东", "叶春兰", "阎振宇", "余美华", "潘志鹏", "杜晓琳", "任国栋", "姚慧芳", "钟建业", "汪丽君", "田茂盛"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
CN_NUM = "一二三四五六七八九十"

# Seasonal topics, in days before the run day. A relative date cannot know the season the demo is set up
# in, so the history follows one plausible calendar: the window ends in early winter, flood warnings and
# heat sit in the oldest third, harvest and straw burning in the middle, 秋冬季 topics in the newest half.
SEASON = {
    "高温": (85, 120), "强对流": (70, 120), "降雨": (50, 120), "防溺水": (80, 120), "防汛": (70, 120),
    "中小学招生": (90, 120), "农民丰收节文艺演出": (75, 95), "玉米": (30, 100), "大豆": (30, 100),
    "秸秆露天焚烧": (30, 90), "秸秆禁烧": (30, 90), "小麦": (0, 70), "秋冬季": (0, 70), "流感": (0, 70),
    "诺如病毒感染": (0, 70), "支原体肺炎": (0, 70), "天气转凉如何预防心脑血管疾病": (0, 60), "寒潮": (0, 50),
    "一氧化碳中毒": (0, 50), "重污染天气应急管控": (0, 50), "森林防火": (0, 45), "冬季取暖安全": (0, 45),
    "冬季防火和防一氧化碳中毒": (0, 45), "果树": (0, 40), "道路结冰": (0, 35), "冰雪": (0, 35),
    "医保集中缴费": (0, 100),
}
# Announced days are always "next week": a post's weekday depends on the day the recipe runs.
WEEKDAY_WORDS = ["下周一", "下周二", "下周三", "下周四", "下周五", "下周六"]


# ---------------------------------------------------------------------------------------------------
# Departments (tenants)
# ---------------------------------------------------------------------------------------------------

@dataclass
class Dept:
    id: str
    name: str                # full name, used in the 落款
    short: str               # "县公安局"
    office: str              # author of the notices
    prefix: str | None
    parent: str | None
    sort: int
    code: int                # two digits of the fictional phone numbers
    units: str               # how the internal units are called
    description: str
    focus: list[str]         # work themes for the generic templates
    places: list[str] = field(default_factory=list)

    def phone(self, kind: str = "office") -> str:
        suffix = {"office": "301", "window": "302", "hotline": "309", "duty": "310"}[kind]
        return f"0000-66{self.code:02d}{suffix}"


DEPARTMENTS = [
    Dept("xzf", "青禾县人民政府", "县政府", "县人民政府办公室", None, None, 0, 10, "各乡镇人民政府、县直各部门",
         "青禾县人民政府是县级国家行政机关，负责全县经济社会发展和公共服务的统筹管理，是政务新媒体矩阵的主账号单位。",
         ["优化营商环境", "重点项目建设", "城乡人居环境整治", "政务公开", "民生实事项目"], TOWNS),
    Dept("gaj", "青禾县公安局", "县公安局", "县公安局办公室", "gaj", "xzf", 10, 11, "各派出所、各大队",
         "负责全县社会治安管理、户籍管理、出入境管理和打击违法犯罪等工作。",
         ["社会治安防控", "电信网络诈骗防范", "公安行政执法规范化", "校园及周边安全", "重点场所安全防范"],
         COMMUNITIES + TOWNS),
    Dept("gaj-jjdd", "青禾县公安局交通警察大队", "县交警大队", "县交警大队办公室", "jjdd", "gaj", 11, 12, "各中队",
         "负责全县道路交通安全管理、交通秩序维护、机动车和驾驶人管理等工作。",
         ["道路交通安全隐患排查", "农村道路交通安全", "交通事故预防", "车驾管便民服务"], TOWNS),
    Dept("jyj", "青禾县教育局", "县教育局", "县教育局办公室", "jyj", "xzf", 20, 13, "各股室、各中小学校",
         "负责全县学前教育、义务教育、普通高中教育和职业教育的管理与服务。",
         ["校园安全", "课后服务", "学生资助", "教师队伍建设", "义务教育优质均衡发展"], TOWNS),
    Dept("wjw", "青禾县卫生健康局", "县卫生健康局", "县卫生健康局办公室", "wjw", "xzf", 30, 14, "各股室、各医疗卫生单位",
         "负责全县医疗卫生服务、基本公共卫生服务、健康促进和卫生监督等工作。",
         ["基本公共卫生服务", "医疗质量安全", "家庭医生签约服务", "健康青禾建设", "基层医疗卫生服务能力提升"],
         TOWNS + HOSPITALS[3:]),
    Dept("wjw-cdc", "青禾县疾病预防控制中心", "县疾控中心", "县疾控中心办公室", "cdc", "wjw", 31, 15, "各科室",
         "负责全县传染病、慢性病防控，免疫规划，健康教育和卫生检测等工作。",
         ["传染病防控", "免疫规划", "慢性病综合防控", "病媒生物防制"], TOWNS),
    Dept("rsj", "青禾县人力资源和社会保障局", "县人社局", "县人社局办公室", "rsj", "xzf", 40, 16, "各股室、各二级机构",
         "负责全县就业创业、社会保险、劳动关系、人事人才和劳动保障监察等工作。",
         ["根治欠薪", "社会保险扩面", "稳就业", "人社服务快办", "技能人才培养"], TOWNS),
    Dept("rsj-jyfw", "青禾县就业服务中心", "县就业服务中心", "县就业服务中心办公室", "jyfw", "rsj", 41, 17, "各服务窗口",
         "负责全县公共就业服务、职业介绍、就业援助和创业扶持等工作。",
         ["公共就业服务", "就业援助", "创业扶持"], TOWNS),
    Dept("scjgj", "青禾县市场监督管理局", "县市场监管局", "县市场监管局办公室", "scjgj", "xzf", 50, 18, "各股室、各市场监管所",
         "负责全县市场主体登记、食品药品安全、产品质量、特种设备安全和价格监督等工作。",
         ["食品安全", "特种设备安全", "知识产权保护", "消费维权", "药品安全"], TOWNS),
    Dept("sthj", "青禾县生态环境分局", "县生态环境分局", "县生态环境分局办公室", "sthj", "xzf", 60, 19, "各股室、执法大队",
         "负责全县生态环境保护、污染防治、环境影响评价和生态环境执法等工作。",
         ["大气污染防治", "水污染防治", "土壤污染防治", "生态环境执法"], TOWNS),
    Dept("jtj", "青禾县交通运输局", "县交通运输局", "县交通运输局办公室", "jtj", "xzf", 70, 20, "各股室、公路事业发展中心",
         "负责全县公路建设养护、道路运输、城乡公交和交通运输安全管理等工作。",
         ["农村公路建设", "道路运输安全", "城乡公交一体化", "公路养护"], TOWNS),
    Dept("nyncj", "青禾县农业农村局", "县农业农村局", "县农业农村局办公室", "nyncj", "xzf", 80, 21, "各股室、各乡镇农业服务中心",
         "负责全县农业生产、农村改革、动植物防疫、农产品质量安全和乡村振兴等工作。",
         ["粮食生产", "高标准农田建设", "农产品质量安全", "农村人居环境", "动物疫病防控"], VILLAGES),
    Dept("zjj", "青禾县住房和城乡建设局", "县住建局", "县住建局办公室", "zjj", "xzf", 90, 22, "各股室、各站所",
         "负责全县城乡建设、住房保障、建筑市场、城市供水供气和物业管理等工作。",
         ["建筑施工安全", "城镇燃气安全", "老旧小区改造", "住房保障", "物业服务管理"], COMMUNITIES),
    Dept("yjglj", "青禾县应急管理局", "县应急管理局", "县应急管理局办公室", "yjglj", "xzf", 100, 23, "各股室",
         "负责全县安全生产综合监管、防灾减灾救灾、应急救援和森林防灭火等工作。",
         ["安全生产", "防灾减灾", "应急救援能力建设", "森林防灭火"], TOWNS),
    Dept("wglj", "青禾县文化广电和旅游局", "县文化广电和旅游局", "县文化广电和旅游局办公室", "wglj", "xzf", 110, 24,
         "各股室、县图书馆、县文化馆",
         "负责全县公共文化服务、文化市场管理、广播电视和旅游发展等工作。",
         ["公共文化服务", "文化市场管理", "全域旅游", "非物质文化遗产保护"], TOWNS),
    Dept("ybj", "青禾县医疗保障局", "县医保局", "县医保局办公室", "ybj", "xzf", 120, 25, "各股室、医保服务中心",
         "负责全县基本医疗保险、医疗救助、医保基金监管和医药价格管理等工作。",
         ["医保基金监管", "医保经办服务", "参保扩面", "医保便民服务"], TOWNS),
    Dept("mzj", "青禾县民政局", "县民政局", "县民政局办公室", "mzj", "xzf", 130, 26, "各股室、各服务机构",
         "负责全县社会救助、养老服务、婚姻登记、社会组织管理和殡葬管理等工作。",
         ["社会救助", "养老服务", "社会组织管理", "困境儿童关爱"], TOWNS),
    Dept("cgz", "青禾县城关镇人民政府", "城关镇", "城关镇党政办公室", "cgz", "xzf", 140, 27, "各社区、各村",
         "城关镇是县城所在地，辖8个社区、3个行政村，负责辖区经济社会发展和基层治理。",
         ["基层网格化治理", "人居环境整治", "社区服务", "文明城市创建"],
         [p.removeprefix("城关镇") for p in COMMUNITIES + CGZ_VILLAGES]),
    Dept("qhz", "青禾县青禾镇人民政府", "青禾镇", "青禾镇党政办公室", "qhz", "xzf", 150, 28, "各村",
         "青禾镇位于县境西部，辖8个行政村，以粮食种植、设施蔬菜和乡村旅游为主导产业。",
         ["乡村振兴", "人居环境整治", "秸秆综合利用", "农村安全生产"],
         [p.removeprefix("青禾镇") for p in QHZ_VILLAGES]),
]
DEPT = {d.id: d for d in DEPARTMENTS}



# ---------------------------------------------------------------------------------------------------
# Accounts
#
# `schedule` shapes the posting history, counted in calendar days before the day the recipe runs:
#   Sched(latest, (min_gap, max_gap))  posts from `latest` days ago back to WINDOW_DAYS, gaps drawn
#                                      from the range; `earliest` cuts the history short
#   [d1, d2, ...]                      posts exactly on these days
#   []                                 never posted
# The designed inspection findings (NM = shared/domain/inspection-rules.md):
#   sthj-site      last post 17 days ago           NM-V06 / WEB-V02 dormant (>14 days)
#   qhz-site       last post 11 days ago           NM-W01 early warning (10-13 days)
#   qhz-wechat     last post 12 days ago           NM-W01 early warning
#   mzj-wechat     last post 103 days ago          NM-D01 zombie (>90 days)
#   scjgj-douyin   never posted                    NM-D01 zombie (never posted)
#   zjj-wechat-2   second WeChat of 县住建局        NM-D02 duplicate accounts
#   wglj-douyin    no filing number, no filing date NM-D03 filing missing (opened 45 days ago)
#   cgz-douyin     "青禾小喇叭"                      NM-D04 name does not identify the unit
#   xzf-app, ybj-mp  Service accounts, rare or no posts (exempt from the 14-day rule)
#   jtj-weibo Suspended, wjw-weibo Closed, jyfw-wechat MergedInto rsj-wechat
# ---------------------------------------------------------------------------------------------------

@dataclass
class Sched:
    latest: int
    gaps: tuple[int, int]
    earliest: int = WINDOW_DAYS


@dataclass
class Acct:
    id: str
    tenant: str
    platform: str
    name: str
    opened: str
    schedule: Sched | list[int]
    kind: str = "Publishing"
    state: str = "Active"
    merged_into: str | None = None
    main: bool = False
    filed: bool = True
    description: str = ""


ACCOUNTS = [
    Acct("xzf-site", "xzf", "SiteChannel", "青禾县人民政府门户网站", "2016-05-10", Sched(1, (2, 5)), main=True,
         description="县政府门户网站，发布政府信息公开、政策文件、通知公告和政务服务信息，是全县政务新媒体矩阵的主账号。"),
    Acct("xzf-wechat", "xzf", "WeChat", "青禾发布", "2017-03-20", Sched(1, (6, 10))),
    Acct("xzf-weibo", "xzf", "Weibo", "青禾发布", "2017-03-20", Sched(2, (9, 15))),
    Acct("xzf-douyin", "xzf", "Douyin", "青禾发布", "2021-06-01", Sched(3, (11, 18))),
    Acct("xzf-app", "xzf", "App", "青禾通", "2022-09-15", [46, 89], kind="Service",
         description="青禾县一体化政务服务移动端，提供社保、医保、公积金、不动产等事项的查询和办理。"),
    Acct("gaj-site", "gaj", "SiteChannel", "青禾县公安局网站栏目", "2016-05-10", Sched(1, (5, 9))),
    Acct("gaj-wechat", "gaj", "WeChat", "青禾公安", "2017-08-01", Sched(2, (9, 14))),
    Acct("gaj-weibo", "gaj", "Weibo", "青禾公安", "2017-08-01", Sched(3, (12, 18))),
    Acct("jjdd-site", "gaj-jjdd", "SiteChannel", "青禾县公安局交通警察大队网站栏目", "2018-04-02", Sched(2, (6, 11))),
    Acct("jjdd-wechat", "gaj-jjdd", "WeChat", "青禾交警", "2018-04-02", Sched(1, (10, 15))),
    Acct("jjdd-douyin", "gaj-jjdd", "Douyin", "青禾交警", "2021-03-10", Sched(4, (12, 19))),
    Acct("jyj-site", "jyj", "SiteChannel", "青禾县教育局网站栏目", "2016-05-10", Sched(1, (5, 9))),
    Acct("jyj-wechat", "jyj", "WeChat", "青禾教育", "2018-09-01", Sched(2, (10, 15))),
    Acct("wjw-site", "wjw", "SiteChannel", "青禾县卫生健康局网站栏目", "2016-05-10", Sched(1, (6, 10))),
    Acct("wjw-wechat", "wjw", "WeChat", "健康青禾", "2018-01-15", Sched(3, (10, 15))),
    Acct("wjw-weibo", "wjw", "Weibo", "健康青禾", "2018-01-15", [], state="Closed",
         description="已关停：微博账号长期无互动，经县政府办公室备案后关停，内容整合至“健康青禾”微信公众号。"),
    Acct("cdc-site", "wjw-cdc", "SiteChannel", "青禾县疾病预防控制中心网站栏目", "2018-06-20", Sched(3, (7, 11))),
    Acct("cdc-wechat", "wjw-cdc", "WeChat", "青禾疾控", "2019-11-05", Sched(5, (11, 16))),
    Acct("rsj-site", "rsj", "SiteChannel", "青禾县人力资源和社会保障局网站栏目", "2016-05-10", Sched(2, (6, 11))),
    Acct("rsj-wechat", "rsj", "WeChat", "青禾人社", "2018-03-01", Sched(1, (10, 15))),
    Acct("jyfw-site", "rsj-jyfw", "SiteChannel", "青禾县就业服务中心网站栏目", "2019-02-25", Sched(1, (7, 11))),
    Acct("jyfw-wechat", "rsj-jyfw", "WeChat", "青禾就业", "2019-02-25", [97, 108, 116], state="MergedInto",
         merged_into="rsj-wechat",
         description="已合并：按“一单位一账号”要求整合至“青禾人社”微信公众号，原有内容保留查询。"),
    Acct("scjgj-site", "scjgj", "SiteChannel", "青禾县市场监督管理局网站栏目", "2019-04-10", Sched(2, (6, 11))),
    Acct("scjgj-wechat", "scjgj", "WeChat", "青禾市场监管", "2019-04-10", Sched(3, (10, 15))),
    Acct("scjgj-douyin", "scjgj", "Douyin", "青禾市场监管", "2023-08-15", []),
    Acct("sthj-site", "sthj", "SiteChannel", "青禾县生态环境分局网站栏目", "2019-03-18", Sched(17, (6, 11))),
    Acct("sthj-wechat", "sthj", "WeChat", "青禾生态环境", "2019-06-05", Sched(2, (10, 15))),
    Acct("jtj-site", "jtj", "SiteChannel", "青禾县交通运输局网站栏目", "2016-05-10", Sched(3, (6, 11))),
    Acct("jtj-wechat", "jtj", "WeChat", "青禾交通", "2018-07-16", Sched(2, (11, 16))),
    Acct("jtj-weibo", "jtj", "Weibo", "青禾交通", "2018-07-16", [58, 71, 86, 104], state="Suspended",
         description="暂停更新：运维人员调整期间暂停发布，恢复前须经县政府办公室备案。"),
    Acct("nyncj-site", "nyncj", "SiteChannel", "青禾县农业农村局网站栏目", "2016-05-10", Sched(1, (6, 11))),
    Acct("nyncj-wechat", "nyncj", "WeChat", "青禾农业农村", "2019-05-20", Sched(4, (11, 16))),
    Acct("zjj-site", "zjj", "SiteChannel", "青禾县住房和城乡建设局网站栏目", "2016-05-10", Sched(2, (6, 11))),
    Acct("zjj-wechat", "zjj", "WeChat", "青禾住建", "2018-10-08", Sched(1, (10, 15))),
    Acct("zjj-wechat-2", "zjj", "WeChat", "青禾县住房和城乡建设局", "2020-04-22", Sched(6, (15, 25)),
         description="县住建局城建股另行开设的微信公众号，与“青禾住建”重复，待整合。"),
    Acct("yjglj-site", "yjglj", "SiteChannel", "青禾县应急管理局网站栏目", "2019-03-01", Sched(1, (5, 9))),
    Acct("yjglj-wechat", "yjglj", "WeChat", "青禾应急", "2019-03-01", Sched(2, (10, 15))),
    Acct("yjglj-weibo", "yjglj", "Weibo", "青禾应急", "2019-03-01", Sched(3, (13, 20))),
    Acct("wglj-site", "wglj", "SiteChannel", "青禾县文化广电和旅游局网站栏目", "2019-03-01", Sched(2, (6, 11))),
    Acct("wglj-wechat", "wglj", "WeChat", "青禾文旅", "2019-03-01", Sched(1, (9, 14))),
    Acct("wglj-douyin", "wglj", "Douyin", "青禾文旅", "today-45d", Sched(2, (5, 9), earliest=43), filed=False,
         description="新开设的短视频账号，宣传青禾山风景区、西河湿地公园等文旅资源；开设备案尚未报送。"),
    Acct("ybj-site", "ybj", "SiteChannel", "青禾县医疗保障局网站栏目", "2019-05-06", Sched(1, (6, 11))),
    Acct("ybj-wechat", "ybj", "WeChat", "青禾医保", "2019-05-06", Sched(2, (10, 15))),
    Acct("ybj-mp", "ybj", "MiniProgram", "青禾医保服务", "2022-03-01", [], kind="Service",
         description="医保服务小程序：参保缴费、异地就医备案、定点机构查询、医保电子凭证。"),
    Acct("mzj-site", "mzj", "SiteChannel", "青禾县民政局网站栏目", "2016-05-10", Sched(2, (7, 11))),
    Acct("mzj-wechat", "mzj", "WeChat", "青禾民政", "2018-12-03", [103, 111, 118]),
    Acct("cgz-site", "cgz", "SiteChannel", "城关镇人民政府网站栏目", "2017-01-09", Sched(1, (6, 10))),
    Acct("cgz-wechat", "cgz", "WeChat", "青禾县城关镇", "2018-05-14", Sched(2, (11, 16))),
    Acct("cgz-douyin", "cgz", "Douyin", "青禾小喇叭", "2022-05-20", Sched(3, (11, 18)),
         description="城关镇文化站运营的短视频账号，发布社区活动和便民信息。"),
    Acct("qhz-site", "qhz", "SiteChannel", "青禾镇人民政府网站栏目", "2017-01-09", Sched(11, (6, 11))),
    Acct("qhz-wechat", "qhz", "WeChat", "青禾县青禾镇", "2018-05-14", Sched(12, (11, 16))),
]

PLATFORM_WORDS = {
    "SiteChannel": "在县政府门户网站开设的部门栏目，发布通知公告、工作动态和办事服务信息。",
    "WeChat": "官方微信公众号，发布政务信息、政策解读和便民服务提示。",
    "Weibo": "官方微博，发布政务资讯和突发事件信息，受理网民留言。",
    "Douyin": "官方抖音号，以短视频形式发布政务资讯和安全提示。",
    "App": "政务服务移动端。",
    "MiniProgram": "政务服务小程序。",
}


# ---------------------------------------------------------------------------------------------------
# Writing helpers
# ---------------------------------------------------------------------------------------------------

def address(dept: Dept) -> str:
    if dept.id == "xzf":
        return "青禾县青禾大道1号"
    return f"青禾县{ROADS[dept.code % len(ROADS)]}{dept.code * 7 % 180 + 2}号"


def h(number: int, text: str) -> str:
    return f"## {CN_NUM[number - 1]}、{text}"


def numbered(items: list[str]) -> list[str]:
    return [f"{i}. {item}" for i, item in enumerate(items, 1)]


def bullets(items: list[str]) -> list[str]:
    return [f"- {item}" for item in items]


def table(headers: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def md(*blocks: str | list[str] | None) -> list[str]:
    """Markdown body as a list of lines; blocks are separated by one blank line."""
    lines: list[str] = []
    for block in blocks:
        if not block:
            continue
        if lines:
            lines.append("")
        lines.extend([block] if isinstance(block, str) else block)
    return lines


class Exhausted(Exception):
    """A template has no fresh topic left for this department."""


class NotNow(Exception):
    """A template (or every topic it has left) is out of season on this day."""


class Ctx:
    """What a template sees: the department, the account, and deterministic choices."""

    def __init__(self, rng: random.Random, dept: Dept, acct: Acct, day: int, serials: dict, topics: dict):
        self.rng = rng
        self.d = dept
        self.acct = acct
        self.day = day                 # days before the run day; drafts use 0
        self._serials = serials
        self._pending: dict = {}
        self._topics = topics          # topic -> times this department already wrote about it
        self._pending_topics: dict = {}

    def pick(self, seq):
        return self.rng.choice(seq)

    def sample(self, seq, k: int):
        return self.rng.sample(list(seq), k)

    def n(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def about(self, low: int, high: int, step: int = 10) -> int:
        """A round number for "……余人" phrases."""
        return self.rng.randint(low // step, high // step) * step

    def dec(self, low: float, high: float, digits: int = 1) -> str:
        return f"{self.rng.uniform(low, high):.{digits}f}"

    def serial(self, key: str, start: int) -> int:
        """Issue number of a series (周报第N期); only consumed when the item is kept."""
        value = self._serials.get(key, start)
        self._pending[key] = value + 1
        return value

    def in_season(self, topic: str) -> bool:
        low, high = SEASON.get(topic, (0, WINDOW_DAYS))
        return low <= self.day <= high

    def season(self, topic: str) -> None:
        """Raise NotNow unless the topic is in season on this day."""
        if not self.in_season(topic):
            raise NotNow()

    def fresh(self, seq, limit: int = 1):
        """Like pick, but a topic is written about at most `limit` times per department, and only in season.

        Items may be tuples; their first element is the topic. Raises Exhausted when every topic is used up
        (the writer then stops offering the template to this department), NotNow when the topics left are
        all out of season today.
        """
        def topic(item):
            return item[0] if isinstance(item, tuple) else item
        options = [x for x in seq if self._topics.get(topic(x), 0) + self._pending_topics.get(topic(x), 0) < limit]
        if not options:
            raise Exhausted()
        options = [x for x in options if self.in_season(topic(x))]
        if not options:
            raise NotNow()
        choice = self.pick(options)
        self._pending_topics[topic(choice)] = self._pending_topics.get(topic(choice), 0) + 1
        return choice

    def commit(self) -> None:
        self._serials.update(self._pending)
        for key, count in self._pending_topics.items():
            self._topics[key] = self._topics.get(key, 0) + count

    def someone(self) -> str:
        return self.pick(SURNAMES) + "某"

    def contact(self, kind: str = "office", who: str | None = None) -> str:
        return f"联系电话：{self.d.phone(kind)}（{who or self.d.office}）"

    def sign(self, unit: str | None = None) -> list[str]:
        return [unit or self.d.name]


@dataclass
class Template:
    fn: Callable[[Ctx], tuple[str, list[str]]]
    weight: float
    platforms: tuple[str, ...] | None
    serial: bool


TEMPLATES: dict[str, list[Template]] = {}
ALL = tuple(d.id for d in DEPARTMENTS)
PUBLISHING = ("SiteChannel", "WeChat", "Weibo", "Douyin")
TEXT = ("SiteChannel", "WeChat", "Weibo")


def template(*depts: str, weight: float = 1.0, platforms: tuple[str, ...] | None = PUBLISHING,
             serial: bool = False):
    if serial and platforms == PUBLISHING:
        platforms = TEXT  # reports and numbered notices are not short-video material

    def register(fn):
        for dept in depts:
            TEMPLATES.setdefault(dept, []).append(Template(fn, weight, platforms, serial))
        return fn
    return register


# ---------------------------------------------------------------------------------------------------
# Generic templates (every department)
# ---------------------------------------------------------------------------------------------------

REQUIREMENTS = [
    "压实工作责任，逐项建立任务清单、责任清单和问题清单，实行销号管理。",
    "加强督导检查，对工作进展缓慢的单位实行通报和约谈。",
    "强化宣传引导，通过门户网站栏目、微信公众号等渠道及时发布工作进展。",
    "加强部门协作，建立信息共享和联动处置机制，形成工作合力。",
    "注重总结提炼，及时形成可复制、可推广的经验做法。",
    "严格落实信息报送制度，每周报送一次工作进展情况。",
    "坚持问题导向，对群众反映集中的问题优先研究、限时解决。",
]


@template(*ALL, weight=0.2)
def generic_meeting(c: Ctx):
    focus = c.fresh(c.d.focus, limit=2)
    kind = c.pick(["推进会", "调度会", "部署会"])
    done = c.sample([f"开展实地检查{c.n(12, 60)}次", f"召开专题会议{c.n(3, 9)}次", f"排查问题隐患{c.n(20, 90)}处",
                     f"走访服务对象{c.n(80, 400)}户（家）", f"印发工作提示{c.n(3, 8)}期", f"开展业务指导{c.n(10, 40)}次"], 3)
    title = f"{c.d.short}召开{focus}工作{kind}"
    body = md(
        f"近日，{c.d.short}召开{focus}工作{kind}，总结前一阶段工作，安排部署下一步重点任务。{c.d.units}负责同志"
        f"共{c.n(20, 60)}人参加会议。",
        h(1, "前一阶段工作情况"),
        f"会议通报，{focus}工作开展以来，累计{done[0]}，{done[1]}，{done[2]}，发现的问题已整改{c.n(80, 97)}%，"
        "其余问题已明确责任人和完成时限。",
        h(2, "下一阶段工作安排"),
        numbered(c.sample(REQUIREMENTS, 3)),
        f"会议强调，各单位要把{focus}工作摆在突出位置，主要负责同志亲自抓，分管负责同志具体抓，确保各项任务按期完成。",
        c.sign(),
    )
    return title, body


@template(*ALL, weight=0.2)
def generic_inspection(c: Ctx):
    focus = c.pick(c.d.focus)
    place = c.pick(c.d.places)
    found = c.n(3, 12)
    title = f"{c.d.short}赴{place}督导检查{focus}工作"
    body = md(
        f"为推动{focus}各项措施落到实处，{c.d.short}督导组近日深入{place}，采取听取汇报、查阅台账、实地查看、"
        "随机走访相结合的方式开展督导检查。",
        h(1, "检查内容"),
        bullets(c.sample([f"{focus}工作责任落实情况", "工作台账和档案资料建立情况", "前期发现问题的整改情况",
                          "群众反映问题的办理情况", "制度机制建设和执行情况"], 3)),
        h(2, "发现问题及整改要求"),
        f"本次督导共发现问题{found}个，主要集中在台账记录不够规范、部分措施落实不到位等方面。督导组已现场反馈，"
        f"要求{place}在{c.pick(['10个', '15个', '20个'])}工作日内完成整改，并将整改情况书面报送{c.d.office}。",
        c.contact(),
        c.sign(),
    )
    return title, body


@template(*ALL, weight=0.15, serial=True)
def generic_training(c: Ctx):
    focus = c.pick(c.d.focus)
    issue = c.serial(f"{c.d.id}:training:{focus}", c.n(1, 3))
    lessons = c.sample([f"{focus}相关法律法规和政策解读", "典型案例剖析", "业务系统操作实务", "政务信息公开和保密要求",
                        "政务新媒体内容审核规范", "群众工作方法与沟通技巧", "应急处置流程和信息报送"], 3)
    title = f"{c.d.short}举办{focus}业务培训（第{issue}期）"
    body = md(
        f"为提升干部职工业务能力，{c.d.short}近日举办{focus}业务培训，{c.d.units}业务骨干共{c.n(30, 120)}人参加。",
        h(1, "培训内容"),
        numbered(lessons),
        h(2, "培训方式"),
        f"培训采取集中授课、案例研讨和现场答疑相结合的方式进行，为期{c.pick(['一', '两', '三'])}天。培训结束后进行了"
        f"闭卷测试，参训人员合格率{c.n(92, 100)}%。",
        "下一步，各单位要把培训成果运用到实际工作中，切实提高工作质量和服务水平。",
        c.sign(),
    )
    return title, body


@template(*ALL, weight=0.15)
def generic_volunteer(c: Ctx):
    place = c.pick(c.d.places)
    service = c.pick(["政策宣传", "便民服务", "环境清洁", "关爱空巢老人", "普法宣传"])
    title = f"{c.d.short}志愿服务队走进{place}开展{service}志愿服务"
    body = md(
        f"近日，{c.d.short}志愿服务队{c.n(12, 35)}名志愿者走进{place}，开展{service}志愿服务活动。",
        h(1, "活动情况"),
        f"活动现场，志愿者们{c.pick(['设立咨询台', '挨家挨户走访', '分组开展服务'])}，发放宣传资料{c.n(200, 800)}份，"
        f"解答群众咨询{c.n(30, 150)}人次，收集意见建议{c.n(5, 20)}条。对收集到的问题，志愿服务队已建立台账，"
        "能现场解决的当场解决，不能当场解决的转交相关单位限期办理。",
        "活动中，志愿者还向群众介绍了县政务新媒体矩阵各账号，方便群众通过手机及时获取政策信息和办事指南。",
        h(2, "下一步安排"),
        f"下一步，{c.d.short}将把志愿服务常态化，每月至少开展一次进社区（村）志愿服务活动。",
        c.sign(),
    )
    return title, body


@template(*ALL, weight=0.1, platforms=TEXT)
def generic_opinions(c: Ctx):
    focus = c.fresh(c.d.focus)
    title = f"{c.d.short}关于征集{focus}意见建议的公告"
    body = md(
        f"为进一步做好{focus}工作，广泛听取社会各界意见，现面向社会公开征集意见建议。",
        h(1, "征集内容"),
        f"围绕{focus}工作中群众关心的热点难点问题，以及改进工作方式、提升服务质量的具体建议。",
        h(2, "征集时间"),
        "自本公告发布之日起15日内。",
        h(3, "参与方式"),
        bullets([f"信函：寄至{address(c.d)}{c.d.office}，信封请注明“意见建议”字样；",
                 f"电话：{c.d.phone('office')}（工作日8:30—12:00，14:30—17:30）；",
                 "也可在本栏目“留言咨询”板块直接留言。"]),
        "我们将认真梳理研究，对合理的意见建议予以采纳。感谢您的关心和支持！",
        c.sign(),
    )
    return title, body


# ---------------------------------------------------------------------------------------------------
# 青禾县人民政府 (xzf)
# ---------------------------------------------------------------------------------------------------

POLICIES = [
    ("青禾县城乡供水一体化实施方案", "县住建局", "推进城乡供水同网、同质、同价，农村自来水普及率稳定在99%以上",
     ["新建和改造供水管网及加压泵站", "统一水质检测和供水服务标准", "建立县级统一的供水应急抢修队伍"], "全县城乡居民和用水单位"),
    ("青禾县老旧小区改造三年行动计划", "县住建局", "分年度完成城区老旧小区改造，改善居民居住条件",
     ["实施供水、排水、供暖、燃气等基础设施改造", "增设停车位、充电桩和适老化设施", "建立长效物业管理机制"],
     "城区建成年代较早、设施老化的住宅小区"),
    ("青禾县促进个体工商户发展若干措施", "县市场监管局", "减轻经营负担，稳定市场主体预期",
     ["免收部分登记和检验费用", "给予首次贷款贴息支持", "设立个体工商户服务专窗"], "在县内登记注册的个体工商户"),
    ("青禾县高校毕业生返乡就业创业扶持办法", "县人社局", "吸引高校毕业生回乡就业创业",
     ["给予一次性创业补贴和场地租金补贴", "提供创业担保贷款及贴息", "落实见习补贴和社会保险补贴"],
     "毕业5年内的高校毕业生"),
    ("青禾县农村生活垃圾治理办法", "县住建局", "建立户分类、村收集、镇转运、县处理的垃圾治理体系",
     ["每个行政村配备保洁员和分类收集设施", "明确乡镇转运频次和考核办法", "对垃圾治理成效突出的村给予奖补"],
     "全县各乡镇和行政村"),
    ("青禾县养老服务体系建设实施方案", "县民政局", "构建居家社区机构相协调、医养康养相结合的养老服务体系",
     ["建设镇级区域养老服务中心", "推广社区老年助餐服务", "开展特殊困难老年人家庭适老化改造"], "全县60周岁以上老年人"),
    ("青禾县政府投资项目管理办法", "县发展和改革局", "规范政府投资行为，提高投资效益",
     ["明确项目审批、建设、验收各环节责任", "严格控制概算调整", "建立项目后评价制度"], "使用县级财政资金的投资项目"),
    ("青禾县城区停车设施建设管理办法", "县住建局", "缓解城区停车难问题",
     ["新建公共停车场和立体停车设施", "鼓励机关单位错时开放停车位", "规范路内停车泊位设置和收费"], "县城规划区范围"),
]

MEETING_ITEMS = [
    "研究《青禾县城乡供水一体化实施方案》", "听取全县重点项目建设进展情况汇报", "审议《青禾县老旧小区改造三年行动计划》",
    "研究部署安全生产和防灾减灾工作", "听取秋粮收购和储备粮轮换工作汇报", "审议《青禾县政府投资项目管理办法》",
    "听取营商环境评价反馈问题整改情况汇报", "研究城区停车设施建设事项", "听取农村饮水安全巩固提升工程进展情况汇报",
    "研究县城生活垃圾焚烧发电项目前期工作", "听取全县财政收支情况汇报", "研究义务教育学校建设项目",
    "听取政务服务“一件事一次办”改革推进情况汇报", "研究养老服务体系建设有关事项",
]


@template("xzf", weight=0.6, serial=True, platforms=("SiteChannel", "WeChat"))
def xzf_executive_meeting(c: Ctx):
    number = c.serial("xzf:meeting", 21)
    items = c.sample(MEETING_ITEMS, c.n(3, 4))
    title = f"县人民政府召开第{number}次常务会议"
    body = md(
        f"近日，县人民政府召开第{number}次常务会议，县政府主要负责同志主持会议，县政府领导班子成员出席，"
        "有关部门主要负责同志列席。",
        h(1, "会议议题"),
        numbered(items),
        h(2, "会议要求"),
        "会议指出，各有关部门要对照议定事项细化工作措施，明确责任单位和完成时限；涉及群众切身利益的事项，"
        "要做好政策解读和舆论引导；需要提请县人民代表大会常务委员会审议的，要及时履行法定程序。",
        "会议议定事项由县人民政府办公室负责督办，办理情况在下次常务会议上通报。",
        c.sign("青禾县人民政府办公室"),
    )
    return title, body


@template("xzf", weight=0.6, platforms=TEXT)
def xzf_consultation(c: Ctx):
    name, dept, goal, measures, _scope = c.fresh(POLICIES)
    days = c.pick([15, 20, 30])
    title = f"关于公开征求《{name}（征求意见稿）》意见的公告"
    body = md(
        f"为提高行政决策的科学性和透明度，{dept}起草了《{name}（征求意见稿）》，现向社会公开征求意见。",
        h(1, "征求时间"),
        f"自本公告发布之日起{days}日。",
        h(2, "主要内容"),
        f"征求意见稿的目标是{goal}，主要措施包括：",
        numbered(measures),
        h(3, "反馈方式"),
        bullets([f"信函：寄至{address(DEPT['xzf'])}青禾县人民政府办公室，信封注明“征求意见”字样；",
                 f"电话：{DEPT['xzf'].phone('office')}；", "在本栏目“意见征集”板块在线提交。"]),
        "附件：《" + name + "（征求意见稿）》",
        c.sign("青禾县人民政府办公室"),
    )
    return title, body


@template("xzf", weight=0.6)
def xzf_interpretation(c: Ctx):
    name, dept, goal, measures, scope = c.fresh(POLICIES)
    title = f"一文读懂《{name}》"
    body = md(
        f"近日，《{name}》正式印发。现就有关内容解读如下。",
        h(1, "出台背景"),
        f"为{goal}，县人民政府在深入调研、广泛征求意见的基础上，由{dept}牵头制定了该文件。",
        h(2, "主要措施"),
        numbered(measures),
        h(3, "适用对象"),
        f"本文件适用于{scope}。",
        h(4, "咨询方式"),
        f"政策咨询请在工作日拨打{DEPT['xzf'].phone('hotline')}，或在本栏目留言。",
        c.sign("青禾县人民政府办公室"),
    )
    return title, body


@template("xzf", weight=0.9)
def xzf_power_outage(c: Ctx):
    area = c.fresh(COMMUNITIES + QHZ_VILLAGES + OTHER_VILLAGES)
    when = c.pick(WEEKDAY_WORDS)
    start, end = c.pick([("7:30", "12:30"), ("8:00", "16:00"), ("8:30", "18:00"), ("13:00", "17:30"),
                         ("7:00", "11:00")])
    reason = c.pick(["10千伏线路检修", "配电变压器增容改造", "线路迁改", "开关设备更换", "线路绝缘化改造"])
    title = f"关于{area}{when}计划停电的公告"
    body = md(
        f"据县供电公司通知，因{reason}，定于{when}{start}至{end}对下列区域停止供电，届时请用户做好准备。",
        h(1, "停电范围"),
        bullets([area + "（全部）", f"{c.pick(ROADS)}沿线部分商户", f"{c.pick(RESIDENTIAL)}部分楼栋"]),
        h(2, "注意事项"),
        numbered(["停电期间请关闭家用电器电源，防止来电时损坏电器；", "使用自备发电机的用户请严禁向电网反送电；",
                  "如遇天气原因，停电时间将顺延，恢复供电时间以实际为准。"]),
        f"供电服务电话：0000-66{c.n(30, 39)}95{c.n(1, 9)}（全天）",
        c.sign("青禾县人民政府办公室"),
    )
    return title, body


@template("xzf", weight=0.35, serial=True)
def xzf_hotline_report(c: Ctx):
    issue = c.serial("xzf:hotline", 8)
    total = c.n(2600, 4200)
    rows = [[kind, c.n(150, 700)] for kind in c.sample(["城乡建设", "社会保障", "市场监管", "交通出行", "教育",
                                                       "医疗卫生", "环境保护", "供水供暖"], 5)]
    rows.sort(key=lambda r: -r[1])
    title = f"青禾县12345政务服务便民热线运行情况通报（第{issue}期）"
    body = md(
        f"本期，县12345政务服务便民热线共受理群众诉求{total}件，按时办结率{c.dec(96, 99.8)}%，"
        f"群众满意率{c.dec(92, 98.5)}%。",
        h(1, "诉求分类前五位"),
        table(["类别", "件数"], rows),
        h(2, "存在问题"),
        f"个别单位仍存在答复内容笼统、回访不满意后重复办理等情况，本期共退回重办{c.n(8, 30)}件。",
        h(3, "工作要求"),
        "各承办单位要严格执行“首接负责、限时办结”，对退回件逐件分析原因，确保群众诉求件件有回音、事事有着落。",
        c.sign("青禾县人民政府办公室"),
    )
    return title, body


@template("xzf", weight=0.7)
def xzf_one_thing(c: Ctx):
    thing, steps = c.fresh([
        ("新生儿出生", ["出生医学证明", "预防接种证", "户口登记", "城乡居民医保参保", "社会保障卡申领"]),
        ("企业开办", ["营业执照", "公章刻制", "涉税事项", "社会保险登记", "住房公积金缴存登记"]),
        ("退休", ["基本养老保险待遇核定", "职工医保退休核定", "住房公积金提取", "退休证明"]),
        ("残疾人服务", ["残疾人证办理", "困难残疾人生活补贴", "重度残疾人护理补贴", "辅助器具适配"]),
        ("不动产登记和水电气过户", ["不动产转移登记", "供水过户", "供电过户", "燃气过户"]),
        ("身后", ["死亡医学证明", "户口注销", "社保待遇停发", "丧葬补助金领取", "遗属待遇申请"]),
        ("开办餐饮店", ["营业执照", "食品经营许可", "户外招牌设置", "消防安全检查"]),
    ])
    verb = c.pick(["上线运行", "全面推行", "实现“一次办”"])
    title = f"“{thing}一件事”在县政务服务中心{verb}"
    body = md(
        f"近日，“{thing}一件事”在县政务服务中心{verb}。群众只需在综合窗口提交一套材料，即可同时办理以下事项：",
        h(1, "一次办理的事项"),
        numbered(steps),
        h(2, "改革成效"),
        f"改革后，办理环节由原来的{c.n(6, 10)}个减少到1个，提交材料减少{c.n(40, 70)}%，办理时间由"
        f"{c.n(10, 25)}个工作日压缩至{c.n(1, 5)}个工作日。",
        "群众也可通过“青禾通”App在线申请，材料审核通过后，证照可免费邮寄到家。",
        f"咨询电话：{DEPT['xzf'].phone('window')}（县政务服务中心综合窗口）",
        c.sign("青禾县人民政府办公室"),
    )
    return title, body


@template("xzf", weight=0.3, serial=True)
def xzf_economy(c: Ctx):
    issue = c.serial("xzf:economy", 5)
    title = f"青禾县经济运行简况（第{issue}期）"
    body = md(
        "据县统计局快报数据，全县主要经济指标保持平稳。",
        h(1, "主要指标"),
        table(["指标", "数值", "同比增长"], [
            ["规模以上工业增加值", "—", f"{c.dec(3, 9)}%"],
            ["固定资产投资", "—", f"{c.dec(2, 8)}%"],
            ["社会消费品零售总额", f"{c.dec(3, 8)}亿元", f"{c.dec(3, 7)}%"],
            ["一般公共预算收入", f"{c.dec(0.8, 2.5, 2)}亿元", f"{c.dec(1, 6)}%"],
            ["城乡居民储蓄存款余额", f"{c.n(120, 160)}亿元", f"{c.dec(5, 10)}%"],
        ]),
        h(2, "运行特点"),
        "从结构看，装备制造、食品加工两大主导产业增长较快，对工业增长的贡献率超过六成；消费市场持续回暖，"
        "餐饮收入增幅高于商品零售。",
        "注：本简况数据为初步统计数据，以县统计局正式发布数据为准。",
        c.sign("青禾县人民政府办公室"),
    )
    return title, body


@template("xzf", weight=0.7)
def xzf_project(c: Ctx):
    project, town, works = c.fresh([
        ("县城生活垃圾焚烧发电项目", "城关镇", "主厂房、烟气净化系统及配套设施"),
        ("青禾大道东延工程", "城关镇", "道路、雨污管网、照明及绿化工程"),
        ("县人民医院新院区", "城关镇", "门诊医技楼、住院楼及配套设施"),
        ("青禾工业园标准化厂房二期", "城关镇", "标准化厂房及配套用房"),
        ("城区雨污分流改造工程", "城关镇", "雨水、污水管网及检查井"),
        ("县第三初级中学新建工程", "城关镇", "教学楼、宿舍楼、运动场及配套设施"),
        ("西河生态治理工程", "青禾镇", "河道清淤、生态护岸和滨河步道"),
        ("县城集中供热管网扩建工程", "城关镇", "供热主管网及换热站"),
        ("长岭镇农产品冷链物流中心", "长岭镇", "冷库、分拣车间及配套设施"),
        ("县全民健身中心", "城关镇", "体育馆、游泳馆及室外运动场"),
    ])
    stage, progress = c.pick([
        ("开工建设", f"项目计划工期{c.n(12, 30)}个月，目前施工单位已完成场地平整和临时设施搭建。"),
        ("主体完工", f"目前累计完成投资{c.n(60, 80)}%，下一步将转入装饰装修和配套工程施工。"),
        ("进入设备安装阶段", f"目前累计完成投资{c.n(70, 90)}%，主要设备已陆续进场。"),
        ("通过竣工验收", "项目各项指标均达到设计要求，将于近期投入使用。"),
    ])
    title = f"{project}{stage}"
    body = md(
        f"近日，{project}{stage}。该项目总投资{c.dec(0.6, 9.5)}亿元，是县级重点民生项目之一。",
        h(1, "项目概况"),
        f"项目位于{town}，建设用地约{c.n(20, 180)}亩，主要建设{works}。",
        h(2, "进展情况"),
        progress + "项目建设单位将在确保质量和安全的前提下加快推进，施工期间给周边群众带来的不便，敬请谅解。",
        f"监督电话：{DEPT['xzf'].phone('office')}",
        c.sign("青禾县人民政府办公室"),
    )
    return title, body


@template("xzf", weight=0.5, platforms=TEXT)
def xzf_expropriation(c: Ctx):
    project, area = c.fresh([
        ("城区南关片区棚户区改造项目", "南关街以南、滨河路以北、人民路以东、建设路以西"),
        ("青禾大道东延工程", "青禾大道东延线规划红线范围内"),
        ("县第三初级中学新建工程", "学府路以北、东环路以西"),
        ("西河生态治理工程", "西河城区段两岸规划控制线范围内"),
        ("城区雨污分流改造工程（文化路段）", "文化路沿线规划红线范围内"),
    ])
    title = f"青禾县人民政府关于{project}房屋征收决定的公告"
    body = md(
        f"为实施{project}，根据《国有土地上房屋征收与补偿条例》等规定，经县人民政府研究，决定对{area}的房屋实施征收。",
        h(1, "征收部门和实施单位"),
        "房屋征收部门为县住房和城乡建设局，征收实施单位为县房屋征收服务中心。",
        h(2, "补偿方式"),
        "被征收人可以选择货币补偿，也可以选择房屋产权调换。具体补偿标准见征收补偿方案。",
        h(3, "权利救济"),
        "被征收人对本决定不服的，可以依法申请行政复议或者提起行政诉讼。",
        f"咨询电话：0000-66{DEPT['zjj'].code}{c.n(391, 399)}（县房屋征收服务中心）",
        c.sign("青禾县人民政府"),
    )
    return title, body


@template("xzf", weight=0.5)
def xzf_service_hall(c: Ctx):
    measure, detail = c.fresh([
        ("延时错时服务", "工作日中午和下班后延时1小时，企业和群众可提前预约"),
        ("周六不打烊服务", "每周六上午开放社保、医保、不动产登记等高频事项窗口"),
        ("帮办代办服务", "为老年人、残疾人和重点项目企业提供全程帮办代办"),
        ("“办不成事”反映窗口", "专门受理群众办事遇到的堵点难点问题，当场协调解决"),
        ("“跨省通办”专窗", "可代收外省事项申请材料，由属地部门远程审批"),
        ("免费邮寄证照服务", "办结的证照、批文可免费邮寄到家"),
    ])
    title = f"县政务服务中心推出{measure}"
    body = md(
        f"为进一步提升政务服务水平，县政务服务中心近日推出{measure}：{detail}。",
        f"目前，县政务服务中心共进驻部门{c.n(28, 36)}个、政务服务事项{c.n(1100, 1500)}项，"
        f"“一窗受理”事项占比{c.n(85, 96)}%。",
        h(1, "服务地址"),
        f"县政务服务中心（{address(DEPT['xzf'])}东侧），工作日8:30—12:00，14:30—17:30。",
        "群众也可通过“青禾通”App在线预约和办理，少跑腿、不跑腿。",
        f"咨询电话：{DEPT['xzf'].phone('window')}",
        c.sign("青禾县人民政府办公室"),
    )
    return title, body


@template("xzf", weight=1.0, platforms=("App",))
def xzf_app_release(c: Ctx):
    feature, detail = c.fresh([
        ("不动产登记进度查询", "输入受理编号即可查看办理环节和预计办结时间"),
        ("公积金提取“秒办”", "符合条件的租房提取和退休提取可实时到账"),
        ("医保电子凭证就医", "在县内定点医院和药店可直接扫码结算"),
        ("中小学入学报名", "适龄儿童家长可在线提交入学登记信息并查询录取结果"),
    ])
    title = f"“青禾通”App新增{feature}功能"
    body = md(
        f"“青禾通”App近日完成版本更新，新增“{feature}”功能，{detail}。",
        h(1, "如何使用"),
        numbered(["在手机应用商店搜索“青禾通”下载或更新到最新版本；", "使用本人手机号注册并完成实名认证；",
                  f"在首页“办事服务”中找到“{feature}”。"]),
        h(2, "温馨提示"),
        "“青禾通”App由青禾县人民政府办公室主办，不收取任何费用，请勿通过非官方渠道下载。",
        f"咨询电话：{DEPT['xzf'].phone('window')}",
        c.sign("青禾县人民政府办公室"),
    )
    return title, body


# ---------------------------------------------------------------------------------------------------
# 公安局 (gaj) and 交警大队 (gaj-jjdd)
# ---------------------------------------------------------------------------------------------------

FRAUDS = [
    ("刷单返利", "在社交软件上看到“动动手指日赚三百”的兼职广告，按对方要求垫资刷单，前几单收到小额返利后被诱导"
     "连续垫资，最终无法提现", "刷单本身就是违法行为，凡是要求先垫资的兼职都是诈骗"),
    ("冒充电商物流客服", "接到自称快递客服的电话，称其包裹丢失可理赔，按对方指引下载会议软件并开启屏幕共享，"
     "银行卡内存款被转走", "正规客服不会要求下载陌生软件或开启屏幕共享，理赔请通过官方平台办理"),
    ("虚假投资理财", "被拉入所谓“炒股交流群”，在“导师”推荐下下载投资App，小额投入显示盈利后追加投入，"
     "平台随即无法登录", "不要轻信高收益、稳赚不赔的宣传，投资理财请选择有资质的正规金融机构"),
    ("冒充公检法", "接到自称公安机关的电话，称其涉嫌洗钱需要配合调查，并被要求将资金转入“安全账户”",
     "公检法机关不会通过电话办案，更没有所谓的“安全账户”"),
    ("虚假网络贷款", "在网上申请“无抵押、低利息”贷款，被对方以缴纳保证金、解冻费等名义多次要求转账",
     "正规贷款在放款前不会收取任何费用，申请贷款请到正规金融机构"),
    ("网络游戏虚假交易", "在非官方平台购买游戏账号，付款后被以“账户冻结需解冻”为由要求继续转账",
     "游戏装备和账号交易请使用官方平台，不要私下交易"),
    ("冒充熟人领导", "收到冒充单位领导的社交软件好友申请，对方以急需周转为由要求转账",
     "凡是通过网络要求转账的“领导”“熟人”，务必当面或电话核实"),
    ("虚假养老投资", "老人被以“养老项目投资”“以房养老”为名，高息诱导投入积蓄",
     "警惕以养老为名的高息投资项目，遇到推销请与子女商量后再作决定"),
]


@template("gaj", weight=1.2)
def gaj_fraud_alert(c: Ctx):
    kind, case, tip = c.fresh(FRAUDS)
    place = c.pick(COMMUNITIES + TOWNS)
    title = c.pick([f"反诈预警：警惕“{kind}”类诈骗", f"警方提示：{kind}诈骗又出新花样", f"“{kind}”诈骗案例剖析"])
    body = md(
        f"近期，我县发生多起“{kind}”类电信网络诈骗案件。",
        h(1, "案例回放"),
        f"{place}居民{c.someone()}（化名）{case}，共计损失{c.dec(0.8, 12)}万元。接警后，县公安局立即开展侦查，"
        "目前案件正在进一步侦办中。",
        h(2, "警方提示"),
        bullets([tip + "；", "不点击陌生链接，不下载来历不明的App；", "不向陌生账户转账汇款；",
                 "一旦发现被骗，请立即拨打110报警，并保存好聊天记录和转账凭证。"]),
        f"反诈咨询：{c.d.phone('hotline')}（县公安局反诈中心，24小时）",
        c.sign(),
    )
    return title, body


@template("gaj", weight=0.9)
def gaj_household_service(c: Ctx):
    service, detail = c.fresh([
        ("户政窗口午间不打烊", "每个工作日12:00至14:30安排专人值守，办理身份证申领、户籍证明等业务"),
        ("身份证周末预约办理", "每周六上午开放户政窗口，群众可提前电话预约"),
        ("居民身份证“跨省通办”", "非本省户籍群众可在县公安局户政大厅申领、换领、补领居民身份证"),
        ("老年人上门办证服务", "对行动不便的老年人、残疾人，民警可预约上门采集信息、办理身份证"),
        ("新生儿入户“一件事”", "新生儿出生登记与医保参保、社保卡申领一并办理"),
        ("户籍类证明“免证办”", "可通过数据共享核验的户籍信息不再要求群众开具证明"),
        ("临时身份证明“立等可取”", "乘坐飞机、火车急需身份证明的群众可在窗口即时办理"),
    ])
    title = f"县公安局推出{service}便民措施"
    body = md(
        f"为进一步方便群众办事，县公安局近日推出“{service}”便民措施：{detail}。",
        h(1, "办理地点"),
        f"县公安局户政大厅（{address(c.d)}）及各派出所户籍窗口。",
        h(2, "所需材料"),
        bullets(c.sample(["本人居民户口簿", "原居民身份证（换领、补领时）", "监护人身份证件（未满16周岁）",
                          "出生医学证明（新生儿）", "近期免冠照片（窗口可现场拍摄）"], 3)),
        h(3, "办理时间"),
        "工作日8:30—12:00，14:30—17:30（特殊安排以窗口公示为准）。",
        c.contact("window", "县公安局户政大厅"),
        c.sign(),
    )
    return title, body


@template("gaj", weight=0.8)
def gaj_case_solved(c: Ctx):
    case, detail = c.fresh([
        ("盗窃电动车", "摸排监控视频，锁定犯罪嫌疑人行动轨迹，追回被盗电动车"),
        ("盗窃农田机井电缆", "连续蹲守，在嫌疑人再次作案时将其当场抓获，追回被盗电缆"),
        ("帮助信息网络犯罪活动", "循线追踪资金流向，打掉一个为诈骗团伙提供银行卡的犯罪团伙"),
        ("非法捕捞水产品", "联合渔政部门开展夜间巡查，查获非法捕捞渔具"),
        ("网络赌博", "深挖赌资流水，打掉一个组织网络赌博的犯罪团伙"),
        ("非法收购出售野生动物", "根据群众举报开展调查，查获非法收购的野生鸟类"),
        ("入室盗窃", "调取周边视频，仅用时两天即将犯罪嫌疑人抓获"),
    ], limit=2)
    people = c.n(1, 6)
    place = c.pick(TOWNS)
    title = f"县公安局在{place}破获一起{case}案"
    body = md(
        f"近日，县公安局在{place}破获一起{case}案，抓获犯罪嫌疑人{people}名。",
        h(1, "案件经过"),
        f"接到报案后，县公安局迅速成立专案组，{detail}，涉案价值约{c.dec(0.3, 20)}万元。"
        f"经审讯，犯罪嫌疑人{c.someone()}等人对违法犯罪事实供认不讳。",
        f"目前，犯罪嫌疑人已被依法采取{c.pick(['刑事拘留', '取保候审', '刑事强制'])}措施，案件正在进一步侦办中。",
        h(2, "警方提醒"),
        "警方提醒：广大群众如发现违法犯罪线索，请及时拨打110报警或向属地派出所举报，警方将对举报人信息严格保密。",
        c.sign(),
    )
    return title, body


@template("gaj", weight=0.7)
def gaj_publicity(c: Ctx):
    schools = ["青禾县实验小学", "县第一初级中学", "青禾县第一高级中学", "县职业教育中心"]
    place = c.pick(schools + COMMUNITIES)
    if place in schools:
        theme = c.pick(["反诈", "禁毒", "校园安全", "防拐防骗", "网络安全"])
    else:
        theme = c.pick(["反诈", "禁毒", "防范养老诈骗", "防拐防骗", "网络安全"])
    title = f"县公安局民警走进{place}开展{theme}宣传"
    body = md(
        f"近日，县公安局组织民警走进{place}，开展{theme}主题宣传活动。",
        f"活动中，民警结合身边真实案例，用通俗易懂的语言讲解了{theme}知识，并现场演示了"
        f"{c.pick(['国家反诈中心App的注册使用方法', '常见毒品的识别方法', '遇到危险时的求助方法'])}。",
        h(1, "活动成效"),
        bullets([f"发放宣传资料{c.n(300, 1200)}份", f"现场解答咨询{c.n(40, 160)}人次", f"覆盖群众（师生）{c.n(300, 2000)}人"]),
        "下一步，县公安局将持续开展“进社区、进校园、进企业、进农村”宣传活动，不断提高群众安全防范意识。",
        c.sign(),
    )
    return title, body


@template("gaj", weight=0.4)
def gaj_recruitment(c: Ctx):
    number = c.n(20, 45)
    batch = c.fresh(["", "（第二批）", "（补充）"])
    title = f"青禾县公安局公开招聘警务辅助人员公告{batch}"
    body = md(
        f"因工作需要，县公安局面向社会公开招聘警务辅助人员{number}名。",
        h(1, "招聘岗位"),
        table(["岗位", "人数", "学历要求"], [["巡逻防控", number // 2, "高中及以上"], ["窗口服务", number // 4, "大专及以上"],
                                          ["视频巡查", number - number // 2 - number // 4, "大专及以上"]]),
        h(2, "报名条件"),
        numbered(["拥护中华人民共和国宪法，遵纪守法，品行端正；", "年龄18周岁以上、30周岁以下；", "身体健康，具有正常履行职责的身体条件。"]),
        h(3, "报名方式"),
        f"自本公告发布之日起7个工作日内，到县公安局政治处（{address(c.d)}）现场报名。",
        c.contact("office", "县公安局政治处"),
        c.sign(),
    )
    return title, body


@template("gaj-jjdd", weight=1.3)
def jjdd_traffic_control(c: Ctx):
    road = c.pick(ROADS + RURAL_ROADS)
    if road in RURAL_ROADS:
        a, b = (v[3:] for v in c.sample(RURAL_ROAD_VILLAGES[road], 2))
        detour = c.sample([r for r in RURAL_ROADS if r != road], 2)
        work = c.pick(["道路改造", "桥梁维修加固", "沥青路面罩面", "路基加宽"])
    else:
        a, b = c.sample([r for r in ROADS if r != road], 2)
        detour = c.sample([r for r in ROADS if r not in (road, a, b)], 2)
        work = c.pick(["道路改造", "雨污管网改造", "桥梁维修加固", "沥青路面罩面", "燃气管道铺设", "供水管道更换"])
    days = c.n(5, 45)
    title = f"关于{road}（{a}至{b}段）{work}期间实施交通管制的通告"
    body = md(
        f"因{road}（{a}至{b}段）{work}施工需要，根据《中华人民共和国道路交通安全法》有关规定，"
        f"自本通告发布之日起对该路段实施交通管制，预计持续{days}天。",
        h(1, "管制措施"),
        numbered([f"施工路段{c.pick(['禁止机动车通行', '实行半幅通行', '禁止大型货车通行'])}；",
                  "施工期间行人和非机动车请注意安全，服从现场交通管理人员指挥；",
                  "执行紧急任务的警车、消防车、救护车、工程救险车不受限制。"]),
        h(2, "绕行线路"),
        f"过往车辆请提前经{detour[0]}、{detour[1]}绕行。",
        "管制期间给您出行带来的不便，敬请谅解。",
        c.contact("duty", "县交警大队值班室"),
        c.sign(),
    )
    return title, body


@template("gaj-jjdd", weight=0.9)
def jjdd_weather_tip(c: Ctx):
    weather, advice = c.fresh([
        ("降雨", ["降低车速，加大跟车距离", "遇积水路段先观察水深再通过", "尽量避免急刹车和急转弯"]),
        ("大雾", ["开启雾灯、示廓灯和危险报警闪光灯", "严格控制车速，不要超车", "能见度低于50米时就近驶离道路"]),
        ("冰雪", ["提前检查轮胎和制动系统", "起步要缓、转弯要慢、制动要早", "桥面和背阴路段尤其注意防滑"]),
        ("大风", ["双手握稳方向盘，减速慢行", "远离广告牌、行道树和临时建筑", "电动自行车骑行者尽量减少外出"]),
        ("高温", ["出车前检查轮胎气压和冷却系统", "不要将打火机等易燃物品放在车内", "长途驾驶注意休息，防止疲劳驾驶"]),
    ], limit=2)
    road = c.pick(RURAL_ROADS + ["青禾大道", "迎宾大道", "北环路"])
    title = f"{weather}天气出行交通安全提示（{road}等路段）"
    body = md(
        f"据气象部门预报，近期我县将出现{weather}天气，{road}等路段通行条件较差。县交警大队提醒广大驾驶人：",
        h(1, "安全提示"),
        numbered(advice + ["乘车时全程系好安全带，骑乘摩托车、电动自行车请佩戴安全头盔。"]),
        f"{weather}天气期间，县交警大队将在重点路段增派警力，加强巡逻管控。遇交通事故或道路险情，请及时拨打122报警。",
        c.contact("duty", "县交警大队值班室"),
        c.sign(),
    )
    return title, body


@template("gaj-jjdd", weight=0.9)
def jjdd_campaign(c: Ctx):
    item = c.pick(["酒驾醉驾", "电动自行车不戴头盔", "货车超限超载", "校园周边交通秩序", "农村面包车超员",
                   "摩托车无牌无证", "渣土车违规运输", "城区乱停乱放"])
    town = c.pick(TOWNS)
    cases = c.n(30, 260)
    title = f"县交警大队在{town}开展{item}集中整治"
    body = md(
        f"为预防和减少道路交通事故，县交警大队近日在{town}开展{item}集中整治行动。",
        h(1, "整治情况"),
        table(["项目", "数量"], [["出动警力（人次）", c.n(40, 160)], ["设置检查点（个）", c.n(3, 12)],
                                ["查处交通违法（起）", cases], ["现场教育（人次）", cases + c.n(50, 300)]]),
        h(2, "下一步措施"),
        f"整治行动将持续开展，县交警大队将采取定点检查与流动巡查相结合的方式，对{item}问题保持严管态势。",
        "欢迎广大群众监督举报交通违法行为。",
        c.contact("duty", "县交警大队值班室"),
        c.sign(),
    )
    return title, body


@template("gaj-jjdd", weight=0.7, serial=True, platforms=("SiteChannel", "WeChat"))
def jjdd_exposure(c: Ctx):
    issue = c.serial("jjdd:exposure", 31)
    rows = [[c.pick(ROADS + RURAL_ROADS), behaviour, c.n(5, 60)]
            for behaviour in c.sample(["闯红灯", "不按规定让行", "逆向行驶", "违法停车", "驾驶时接打手机", "不系安全带"], 4)]
    title = f"交通违法曝光台（第{issue}期）"
    body = md(
        "本期通过视频巡查和路面执法，曝光以下多发交通违法行为：",
        h(1, "本期曝光"),
        table(["路段", "违法行为", "起数"], rows),
        "以上违法行为均已依法处理。县交警大队提醒：遵守交通规则，就是对自己和他人生命安全负责。",
        "群众可通过“交管12123”App查询本人交通违法记录。",
        c.contact("duty", "县交警大队值班室"),
        c.sign(),
    )
    return title, body


@template("gaj-jjdd", weight=0.6)
def jjdd_vehicle_service(c: Ctx):
    service, detail = c.fresh([
        ("摩托车集中上牌", "民警携带设备进村，现场查验、现场发牌"),
        ("电子驾驶证申领", "通过“交管12123”App即可申领，全国通用"),
        ("驾驶证期满换证", "可在县交警大队车驾管服务站或就近邮政网点办理"),
        ("老年人驾驶证审验", "70周岁以上驾驶人每年提交一次身体条件证明"),
        ("新车免检", "符合条件的私家车6年内免于上线检验"),
    ], limit=2)
    village = c.pick(VILLAGES)
    title = f"{service}服务走进{village}"
    body = md(
        f"为方便农村群众办理车驾管业务，县交警大队近日在{village}开展“{service}”便民服务，{detail}。",
        f"当天共为群众办理业务{c.n(30, 150)}笔，发放交通安全宣传资料{c.n(200, 600)}份。",
        h(1, "办理须知"),
        bullets(["车主本人身份证件", "机动车来历证明和合格证（新车注册）", "交通事故责任强制保险凭证"]),
        f"下一步，县交警大队将按照“每月一镇”的安排，逐镇开展便民服务活动，具体时间将在本栏目提前公布。",
        c.contact("window", "县交警大队车驾管服务站"),
        c.sign(),
    )
    return title, body


# ---------------------------------------------------------------------------------------------------
# 教育局 (jyj)
# ---------------------------------------------------------------------------------------------------

SCHOOLS = [
    ("青禾县实验小学", "一年级", ["城关镇东街社区", "城关镇文化路社区", "城关镇青禾大道社区"]),
    ("城关镇第一小学", "一年级", ["城关镇西街社区", "城关镇南关社区", "城关镇柳园村"]),
    ("城关镇第二小学", "一年级", ["城关镇北关社区", "城关镇建设路社区", "城关镇河滨社区"]),
    ("青禾镇中心小学", "一年级", ["青禾镇西河村", "青禾镇石桥村", "青禾镇前营村", "青禾镇后营村"]),
    ("青禾县第一初级中学", "七年级", ["青禾县实验小学", "城关镇第一小学"]),
    ("青禾县第二初级中学", "七年级", ["城关镇第二小学", "城关镇东湾村", "城关镇杨庄村"]),
    ("青禾镇初级中学", "七年级", ["青禾镇各行政村"]),
    ("青禾县实验幼儿园", "小班", ["城关镇各社区"]),
    ("城关镇中心幼儿园", "小班", ["城关镇各社区和行政村"]),
    ("青禾镇中心幼儿园", "小班", ["青禾镇各行政村"]),
]
SCHOOL_NAMES = [s[0] for s in SCHOOLS] + ["青禾县第一高级中学", "县职业教育中心", "白鹭乡中心小学", "长岭镇初级中学"]


@template("jyj", weight=0.9)
def jyj_enrolment(c: Ctx):
    c.season("中小学招生")
    school, grade, area = c.pick(SCHOOLS)
    kind = c.pick(["新生入学登记公告", "招生工作实施方案", "新生报名须知"])
    age = {"一年级": "年满6周岁", "七年级": "小学毕业", "小班": "年满3周岁"}[grade]
    title = f"{school}{grade}{kind}"
    body = md(
        f"根据县教育局义务教育招生工作安排，{school}{grade}招生工作即将开始，现将有关事项公告如下。",
        h(1, "招生范围"),
        "、".join(area) + "（以县教育局公布的学区划分为准）。",
        h(2, "报名条件"),
        f"{age}的适龄儿童（少年），其父母或法定监护人在招生范围内有合法固定住所。",
        h(3, "所需材料"),
        numbered(["户口簿原件及复印件；", "房屋产权证明或购房合同、租赁备案证明；", "预防接种查验证明（幼儿园、一年级）。"]),
        h(4, "报名方式"),
        f"家长可通过“青禾通”App在线登记，也可于{c.pick(WEEKDAY_WORDS)}起连续5个工作日到学校现场报名。",
        f"咨询电话：0000-66{c.d.code}{c.n(311, 389)}（{school}招生办）",
        c.sign(school),
    )
    return title, body


@template("jyj", weight=0.6)
def jyj_aid(c: Ctx):
    kind, amount = c.fresh([
        ("普通高中国家助学金", "每生每年平均2000元"), ("学前教育幼儿资助", "每生每年1000元"),
        ("义务教育家庭经济困难学生生活补助", "小学每生每年1000元、初中每生每年1250元"),
        ("生源地信用助学贷款", "本专科学生每人每年不超过2万元"), ("中等职业学校国家助学金", "每生每年2000元"),
    ])
    title = f"关于做好{kind}申请工作的通知"
    body = md(
        f"各中小学校、幼儿园：现就做好{kind}申请工作通知如下。",
        h(1, "资助标准"),
        f"{kind}标准为{amount}，按学期发放。",
        h(2, "申请程序"),
        numbered(["学生（家长）自愿提出申请，填写申请表；", "学校组织认定并在校内公示5个工作日；",
                  "学校将认定结果报县学生资助管理中心审核。"]),
        h(3, "工作要求"),
        "各学校要确保资助政策宣传到每一名学生和家长，公示时不得公布学生身份证号码、家庭住址等个人信息。",
        c.contact("office", "县学生资助管理中心"),
        c.sign(),
    )
    return title, body


@template("jyj", weight=0.8)
def jyj_parents_letter(c: Ctx):
    theme, points = c.fresh([
        ("防溺水", ["不私自下水游泳", "不擅自与他人结伴游泳", "不在无家长或教师带领的情况下游泳", "不到不熟悉的水域游泳"]),
        ("交通安全", ["不乘坐无牌无证、超员车辆", "未满12周岁不骑自行车上路", "骑乘电动自行车须佩戴安全头盔"]),
        ("防范电信网络诈骗", ["不向陌生人透露家庭信息", "不购买来历不明的游戏点卡", "遇到可疑情况及时告诉家长或老师"]),
        ("假期安全", ["合理安排作息时间", "外出时告知家长去向和返回时间", "远离网吧等未成年人不宜进入的场所"]),
        ("食品安全", ["不购买校园周边“三无”食品", "养成饭前便后洗手的习惯", "不吃过期变质食物"]),
        ("冬季防火和防一氧化碳中毒", ["不玩火，不私拉乱接电线", "使用燃煤取暖时保持室内通风", "安装一氧化碳报警器"]),
        ("心理健康", ["多陪伴、多倾听孩子", "关注孩子情绪和睡眠变化", "必要时寻求学校心理教师帮助"]),
    ])
    title = f"致全县中小学生家长的一封信：{theme}"
    body = md(
        "各位家长：",
        f"孩子的安全和健康牵动着每一个家庭的心。为切实做好{theme}工作，请您与学校一道，督促孩子做到：",
        h(1, "安全要点"),
        numbered(points),
        "请您切实履行监护责任，多与孩子沟通交流，发现问题及时与学校联系。让我们共同努力，为孩子健康成长保驾护航！",
        c.contact("office", "县教育局安全股"),
        c.sign(),
    )
    return title, body


@template("jyj", weight=0.9)
def jyj_school_activity(c: Ctx):
    school = c.pick(SCHOOL_NAMES)
    activity, what = c.pick([
        ("校园读书节", "开展好书推荐、读书分享和图书漂流"), ("科技节", "开展科技小制作、机器人展示和科普讲座"),
        ("劳动教育实践周", "组织学生参加校园种植、整理内务和社区服务"), ("家长开放日", "邀请家长走进课堂、参与评课"),
        ("心理健康教育周", "开展心理游园、团体辅导和心理健康讲座"), ("艺术展演", "展示合唱、书法、绘画和舞蹈作品"),
        ("体育节", "举办跳绳、拔河、接力跑等集体项目比赛"), ("课后服务成果展示", "展示课后服务社团课程成果"),
    ])
    title = f"{school}举办{activity}"
    body = md(
        f"近日，{school}举办{activity}，{what}，全校{c.n(300, 2400)}名师生参与。",
        h(1, "活动情况"),
        f"本次活动共设置{c.n(4, 12)}个项目，{c.n(20, 120)}名学生获得表彰。学校负责人表示，"
        f"{activity}是落实“五育并举”的重要载体，学校将持续丰富活动内容，促进学生全面发展。",
        h(2, "经验推广"),
        f"县教育局将以此为契机，在全县中小学推广{activity}的做法，推动形成“一校一品”的校园文化特色。",
        c.sign(),
    )
    return title, body


@template("jyj", weight=0.3)
def jyj_teacher_recruitment(c: Ctx):
    kind = c.fresh(["公开招聘中小学教师", "公开遴选城区学校教师", "招聘幼儿园编外教师", "招聘中小学临时代课教师"])
    rows = [[subject, c.n(1, 6)] for subject in c.sample(["语文", "数学", "英语", "物理", "化学", "道德与法治", "音乐",
                                                        "体育", "美术", "信息技术", "学前教育"], 5)]
    title = f"青禾县{kind}公告"
    body = md(
        f"为补充教师队伍，经研究，决定{kind}。现将有关事项公告如下。",
        h(1, "岗位和人数"),
        table(["学科", "人数"], rows),
        h(2, "报名条件"),
        "具有相应学段和学科的教师资格证，全日制本科及以上学历（幼儿园岗位为大专及以上），年龄35周岁以下。",
        h(3, "报名时间和地点"),
        f"自本公告发布之日起5个工作日内，在县教育局人事股（{address(c.d)}）现场报名。",
        c.contact("office", "县教育局人事股"),
        c.sign(),
    )
    return title, body


# ---------------------------------------------------------------------------------------------------
# 卫生健康局 (wjw) and 疾控中心 (wjw-cdc)
# ---------------------------------------------------------------------------------------------------

@template("wjw", weight=0.9)
def wjw_free_clinic(c: Ctx):
    hospital = c.pick(HOSPITALS)
    village = c.pick(VILLAGES + COMMUNITIES)
    team = c.pick(["专家团队", "医疗服务队", "家庭医生团队", "巡回医疗队"])
    title = f"{hospital}{team}走进{village}开展义诊"
    body = md(
        f"近日，{hospital}组织{c.pick(['内科、外科、眼科', '心内科、骨科、中医科', '儿科、妇科、康复科'])}等科室医生组成"
        f"{team}，走进{village}开展义诊活动。",
        h(1, "服务内容"),
        bullets(["免费测量血压、血糖", "常见病、慢性病咨询和用药指导", "健康知识宣传和家庭医生签约服务"]),
        f"活动共接诊群众{c.n(80, 320)}人次，测量血压血糖{c.n(60, 260)}人次，发放健康宣传资料{c.n(200, 800)}份。"
        f"对发现的{c.n(3, 15)}名需进一步检查的群众，已建立随访台账并预约到医院复查。",
        f"咨询电话：0000-66{c.d.code}{c.n(320, 360)}（{hospital}医务科）",
        c.sign(),
    )
    return title, body


@template("wjw", weight=0.9)
def wjw_health_tips(c: Ctx):
    topic, points = c.fresh([
        ("天气转凉如何预防心脑血管疾病", ["注意保暖，避免早晚温差刺激", "规律服药，定期监测血压", "出现胸闷、肢体麻木及时就医"]),
        ("老年人如何预防跌倒", ["居家地面保持干燥，卫生间加装扶手", "起身动作要慢", "选择防滑、合脚的鞋子"]),
        ("高血压患者日常管理", ["每日食盐不超过5克", "坚持适量运动", "遵医嘱服药，不擅自停药"]),
        ("儿童青少年近视防控", ["每天户外活动2小时以上", "读写时保持“一尺一拳一寸”", "每学期至少检查一次视力"]),
        ("科学合理用药", ["不自行购买和服用抗生素", "按说明书或医嘱用药", "过期药品不要随意丢弃"]),
        ("糖尿病患者饮食要点", ["定时定量进餐", "主食粗细搭配", "少吃高糖高油食品"]),
        ("如何拥有良好睡眠", ["保持规律作息", "睡前避免使用手机", "午睡不宜超过30分钟"]),
        ("口腔健康从每天刷牙开始", ["早晚刷牙，每次不少于2分钟", "使用含氟牙膏", "每年至少进行一次口腔检查"]),
        ("控烟与健康", ["吸烟和二手烟均危害健康", "公共场所禁止吸烟", "戒烟门诊可提供专业帮助"]),
        ("健康体重管理", ["吃动平衡", "每周至少150分钟中等强度运动", "定期测量体重和腰围"]),
    ])
    title = f"健康科普：{topic}"
    body = md(
        f"关于“{topic}”，县卫生健康局提醒您注意以下几点：",
        h(1, "健康要点"),
        numbered(points),
        f"{c.pick(['县人民医院', '县中医院', '各乡镇卫生院'])}均设有健康咨询门诊，家庭医生团队可为签约居民提供个性化的健康指导。"
        "如有不适，请及时到正规医疗机构就诊。",
        "健康生活方式是最好的“良药”。让我们从现在做起，做自己健康的第一责任人。",
        c.contact("office", "县健康教育所"),
        c.sign(),
    )
    return title, body


@template("wjw", weight=0.7, serial=True, platforms=("SiteChannel",))
def wjw_supervision_result(c: Ctx):
    issue = c.serial("wjw:supervision", 11)
    sector = c.pick(["公共场所", "生活饮用水", "医疗机构", "学校卫生", "消毒产品"])
    rows = [[f"{c.pick(['城关镇', '青禾镇', '长岭镇', '双塘镇'])}{name}", result]
            for name, result in zip(c.sample(["某宾馆", "某浴室", "某理发店", "某诊所", "某供水站", "某学校", "某药店"], 4),
                                    c.sample(["合格", "合格", "合格", "责令整改"], 4))]
    title = f"{sector}卫生监督“双随机”抽查结果公示（第{issue}批）"
    body = md(
        f"根据“双随机、一公开”工作安排，县卫生健康局对{sector}随机抽取检查对象开展监督检查，现将结果公示如下：",
        h(1, "抽查结果"),
        table(["检查对象", "检查结果"], rows),
        "对责令整改的单位，县卫生健康局将依法跟踪复查。公示期5个工作日，对结果有异议的，可在公示期内提出。",
        c.contact("office", "县卫生健康综合监督执法局"),
        c.sign(),
    )
    return title, body


@template("wjw", weight=0.6)
def wjw_screening(c: Ctx):
    item, target = c.fresh([
        ("农村适龄妇女“两癌”免费筛查", "35至64周岁农村适龄妇女"), ("免费孕前优生健康检查", "计划怀孕的夫妇"),
        ("65岁以上老年人免费健康体检", "65周岁以上常住居民"), ("新生儿疾病免费筛查", "县内出生的新生儿"),
        ("0至6岁儿童免费健康检查", "0至6岁儿童"), ("高血压、糖尿病患者免费随访", "已纳入管理的慢性病患者"),
    ])
    place = c.pick(HOSPITALS)
    title = f"{item}在{place}启动"
    body = md(
        f"近日，{item}项目在{place}启动，服务对象为{target}。",
        h(1, "服务地点"),
        f"{place}及各乡镇卫生院，具体时间由各村（社区）卫生室通知。",
        h(2, "注意事项"),
        bullets(["检查当天请携带身份证或户口簿", "抽血项目需空腹", "检查费用由财政补助，个人无需缴费"]),
        f"本年度全县计划服务{c.n(2000, 9000)}人，目前已完成{c.n(10, 60)}%。",
        f"咨询电话：0000-66{c.d.code}{c.n(330, 359)}（{place}公共卫生科）",
        c.sign(),
    )
    return title, body


@template("wjw", weight=0.5)
def wjw_blood_donation(c: Ctx):
    place = c.pick(["人民广场", "青禾大道与文化路交叉口", "县政务服务中心门前", "青禾工业园", "县第一高级中学门前"])
    when = c.pick(WEEKDAY_WORDS)
    title = f"无偿献血车{when}开进{place}"
    body = md(
        f"{when}9:00至17:00，流动献血车将停靠在{place}，欢迎符合条件的爱心人士参与无偿献血。",
        h(1, "献血条件"),
        bullets(["年龄18至55周岁（既往无献血反应的多次献血者可延长至60周岁）", "男性体重不低于50公斤，女性不低于45公斤",
                 "献血前一天清淡饮食、保证睡眠"]),
        "献血时请携带本人身份证件。献血者本人及其配偶、直系亲属今后临床用血，可按规定享受费用减免。",
        f"咨询电话：0000-66{c.d.code}{c.n(361, 369)}（县中心血站）",
        c.sign(),
    )
    return title, body


CDC_DISEASES = ["流行性感冒", "手足口病", "其他感染性腹泻病", "肺结核", "水痘", "流行性腮腺炎", "猩红热"]


@template("wjw-cdc", weight=1.0, serial=True, platforms=("SiteChannel",))
def cdc_weekly_report(c: Ctx):
    issue = c.serial("cdc:report", 36)
    rows = [[name, c.n(0, 40)] for name in c.sample(CDC_DISEASES, 5)]
    rows.sort(key=lambda r: -r[1])
    title = f"青禾县法定传染病疫情概况（第{issue}期）"
    body = md(
        f"本期全县共报告法定传染病{sum(r[1] for r in rows) + c.n(0, 9)}例，无甲类传染病和死亡病例报告，"
        "未发生突发公共卫生事件。报告病例数居前的病种如下：",
        table(["病种", "报告病例数"], rows),
        h(1, "风险提示"),
        f"近期{rows[0][0]}报告病例较多，请托幼机构和学校落实晨午检、因病缺勤追踪登记制度，"
        "出现聚集性病例时及时报告县疾控中心。",
        "注：本概况数据为网络直报初步统计数据，以正式发布数据为准。",
        c.sign(),
    )
    return title, body


@template("wjw-cdc", weight=1.0)
def cdc_seasonal(c: Ctx):
    disease, lead, points = c.fresh([
        ("流感", "秋冬季是流感高发季节", ["接种流感疫苗是预防流感最有效的手段", "勤洗手、常通风，咳嗽打喷嚏时遮掩口鼻",
                                    "出现发热等症状及时就医"]),
        ("诺如病毒感染", "秋冬季是诺如病毒感染高发季节，学校、托幼机构容易发生聚集性疫情",
         ["注意饮食饮水卫生，不喝生水", "生熟食品分开处理", "患者呕吐物要用含氯消毒剂处理"]),
        ("支原体肺炎", "近期儿童呼吸道感染病例有所增多", ["避免前往人员密集、空气不流通的场所",
                                              "儿童持续发热咳嗽要及时就医", "遵医嘱规范用药"]),
        ("手足口病", "手足口病多发于5岁以下儿童", ["婴幼儿饭前便后要洗手", "玩具和餐具定期消毒",
                                        "患儿居家隔离至症状消失后一周"]),
        ("一氧化碳中毒", "进入取暖季，一氧化碳中毒风险增加", ["不在密闭房间内使用炭火盆取暖",
                                                "燃气热水器不要安装在浴室内", "出现头晕恶心立即开窗通风并就医"]),
        ("狂犬病", "狂犬病一旦发病，病死率几乎为100%，但可以通过及时规范处置来预防",
         ["被犬猫抓伤咬伤后立即用肥皂水和流动清水冲洗伤口15分钟", "尽快到狂犬病暴露处置门诊处置", "按程序全程接种狂犬病疫苗"]),
        ("肺结核", "肺结核是通过呼吸道传播的慢性传染病", ["咳嗽、咳痰两周以上应及时就诊", "确诊患者须全程规范服药",
                                             "学校发现疑似病例要及时报告"]),
    ], limit=2)
    if disease == "狂犬病":
        title = "被犬猫抓伤咬伤后怎么办？县疾控中心提示"
    elif c.in_season("秋冬季") and disease in ("流感", "诺如病毒感染", "支原体肺炎", "一氧化碳中毒"):
        title = c.pick([f"秋冬季{disease}防控提示", f"县疾控中心提醒：做好{disease}防控"])
    else:
        title = f"县疾控中心提醒：做好{disease}防控"
    body = md(
        f"{lead}。县疾控中心提醒广大群众做好{disease}防控：",
        h(1, "防控要点"),
        numbered(points),
        h(2, "就诊和接种"),
        f"全县共有{c.n(14, 22)}个预防接种门诊和{c.n(2, 4)}个狂犬病暴露处置门诊，具体地址和服务时间可在本栏目查询。",
        c.contact("hotline", "县疾控中心"),
        c.sign(),
    )
    return title, body


@template("wjw-cdc", weight=0.8)
def cdc_vaccination(c: Ctx):
    vaccine, target = c.fresh([
        ("流感疫苗", "60岁以上老年人、慢性病患者、6月龄至5岁儿童"), ("23价肺炎球菌多糖疫苗", "60岁以上老年人"),
        ("HPV疫苗", "适龄在校女生"), ("麻腮风疫苗查漏补种", "入托入学儿童"), ("带状疱疹疫苗", "50岁以上成年人"),
    ], limit=2)
    clinic = c.pick(["县疾控中心预防接种门诊", "城关镇卫生院接种门诊", "青禾镇卫生院接种门诊", "县妇幼保健院接种门诊"])
    title = f"{clinic}{vaccine}接种工作安排"
    body = md(
        f"{clinic}现已开展{vaccine}接种，重点人群为{target}。",
        h(1, "接种时间"),
        "每周一至周五8:30—11:30，14:30—17:00（节假日另行通知）。",
        h(2, "注意事项"),
        numbered(["接种时请携带身份证件和预防接种证；", "发热、急性疾病期间请暂缓接种；", "接种后请在留观区观察30分钟。"]),
        f"建议提前电话预约，减少排队等候时间。预约电话：0000-66{c.d.code}{c.n(371, 389)}",
        c.sign(),
    )
    return title, body


# ---------------------------------------------------------------------------------------------------
# 人社局 (rsj) and 就业服务中心 (rsj-jyfw)
# ---------------------------------------------------------------------------------------------------

@template("rsj", weight=0.9)
def rsj_training(c: Ctx):
    trade = c.pick(["电工", "家政服务员", "中式烹调师", "电子商务师", "养老护理员", "农机修理工", "育婴员", "焊工",
                    "中式面点师", "美容师"])
    place = c.pick(["县职业教育中心", "县就业服务中心实训基地"] + [f"{t}便民服务中心" for t in TOWNS])
    title = f"{trade}免费职业技能培训班（{place}）招生通知"
    body = md(
        f"为提升劳动者就业技能，县人社局将在{place}举办{trade}免费职业技能培训班，现面向社会招收学员。",
        h(1, "培训对象"),
        "有培训意愿的城乡劳动者，重点是农村转移就业劳动者、登记失业人员、脱贫劳动力和高校毕业生。",
        h(2, "培训安排"),
        table(["项目", "内容"], [["培训工种", trade], ["名额", f"{c.n(30, 60)}人"], ["培训时长", f"{c.n(10, 30)}天"],
                                ["培训费用", "免费（符合条件的发放生活费补贴）"]]),
        h(3, "报名方式"),
        "携带身份证到报名点现场报名，额满为止。考核合格的颁发职业技能等级证书，并推荐就业。",
        c.contact("office", "县人社局职业能力建设股"),
        c.sign(),
    )
    return title, body


@template("rsj", weight=0.8)
def rsj_pension_notice(c: Ctx):
    topic, steps = c.fresh([
        ("城乡居民基本养老保险集中缴费", ["缴费档次从每年200元到5000元不等，多缴多得", "可通过“青禾通”App、银行网点或村级代办员缴费",
                                   "重度残疾人等困难群体由政府代缴最低档次保费"]),
        ("养老保险待遇资格认证", ["可通过“青禾通”App刷脸认证", "行动不便的老人可申请工作人员上门认证",
                            "连续一年未认证的将暂停发放待遇"]),
        ("灵活就业人员参加职工养老保险", ["年满16周岁、无雇工的个体工商户和灵活就业人员均可参保",
                                 "缴费基数可在规定范围内自主选择", "可按月、按季或按年缴费"]),
        ("失业保险稳岗返还", ["上年度未裁员或裁员率低于规定标准的参保企业可享受", "符合条件的企业无需申请，“免申即享”",
                          "返还资金直接拨付至企业对公账户"]),
        ("工伤保险待遇申领", ["发生工伤后30日内由用人单位提出工伤认定申请", "用人单位未申请的，职工或近亲属可在1年内申请",
                         "工伤医疗费用按规定由工伤保险基金支付"]),
        ("企业职工退休手续办理", ["用人单位在职工达到退休年龄前一个月提交申请", "可通过网上经办系统办理",
                            "待遇核定后次月起按月发放"]),
    ])
    title = f"政策解读：{topic}"
    body = md(
        f"近期，不少群众咨询{topic}有关问题。县人社局整理了以下要点：",
        numbered(steps),
        h(1, "办理渠道"),
        f"县人社局社保服务大厅（{address(c.d)}）、各乡镇便民服务中心人社窗口，也可通过“青禾通”App办理。",
        c.contact("window", "县社保服务大厅"),
        c.sign(),
    )
    return title, body


@template("rsj", weight=0.6)
def rsj_wage_arrears(c: Ctx):
    sector = c.pick(["工程建设领域", "加工制造企业", "餐饮服务企业", "物流运输企业", "商贸零售企业"])
    town = c.pick(TOWNS)
    title = f"县人社局对{town}{sector}开展根治欠薪专项检查"
    body = md(
        f"近日，县人社局劳动保障监察大队对{town}{sector}开展根治欠薪专项检查。",
        h(1, "检查内容"),
        bullets(["劳动合同签订情况", "工资支付台账和银行代发记录", "农民工实名制管理和工资专用账户（工程建设领域）"]),
        h(2, "检查结果"),
        f"本次共检查用人单位{c.n(12, 45)}家，涉及劳动者{c.n(300, 2200)}人，发现问题{c.n(2, 9)}个，"
        f"督促补发工资{c.dec(5, 60)}万元，已全部整改到位。",
        f"劳动者遇到拖欠工资问题，可拨打劳动保障监察举报投诉电话{c.d.phone('hotline')}。",
        c.sign(),
    )
    return title, body


@template("rsj", weight=0.5)
def rsj_social_card(c: Ctx):
    service, detail = c.fresh([
        ("社保卡即时制卡", "在县社保服务大厅即时制卡窗口办理，立等可取"), ("第三代社保卡申领", "新增身份凭证、支付结算等功能"),
        ("社保卡异地就医激活", "激活医保结算功能后即可在异地定点医院使用"), ("电子社保卡申领", "在“青禾通”App中即可申领"),
        ("社保卡银行网点补换", "县内合作银行网点均可受理补换卡业务"),
    ])
    title = f"便民服务：{service}怎么办？"
    body = md(
        f"社会保障卡是群众享受人社服务的重要凭证。{service}：{detail}。",
        h(1, "所需材料"),
        bullets(["本人有效身份证件", "代办的还需提供代办人身份证件", "16周岁以下申领人需提供户口簿"]),
        h(2, "办理地点"),
        f"县社保服务大厅社保卡窗口（{address(c.d)}），工作日8:30—12:00，14:30—17:30。",
        "社保卡遗失后，请第一时间通过电话或“青禾通”App办理临时挂失。",
        c.contact("window", "县社保服务大厅"),
        c.sign(),
    )
    return title, body


@template("rsj", weight=0.3)
def rsj_public_recruitment(c: Ctx):
    kind = c.fresh(["事业单位公开招聘工作人员", "事业单位公开招聘工作人员面试", "事业单位公开招聘工作人员资格复审",
                   "公益性岗位招聘"])
    title = f"青禾县{kind}公告"
    body = md(
        f"根据事业单位公开招聘有关规定，现将青禾县{kind}有关事项公告如下。",
        h(1, "招聘计划"),
        table(["主管部门", "岗位类别", "人数"], [["县教育局", "专业技术", c.n(10, 40)], ["县卫生健康局", "专业技术", c.n(8, 30)],
                                          ["县农业农村局", "专业技术", c.n(2, 6)], ["县住建局", "管理岗位", c.n(1, 4)]]),
        h(2, "有关要求"),
        "应聘人员须如实提交有关材料，凡弄虚作假的，一经查实，取消应聘资格。具体岗位条件见附件。",
        "附件：青禾县事业单位公开招聘岗位表",
        c.contact("office", "县人社局事业单位人事管理股"),
        c.sign(),
    )
    return title, body


@template("rsj-jyfw", weight=1.2, serial=True)
def jyfw_job_fair(c: Ctx):
    number = c.serial("jyfw:fair", 15)
    kind = c.fresh(["高校毕业生", "就业援助", "退役军人", "女性", "农民工", "残疾人", "综合"], limit=3)
    venue = c.pick(["县人力资源市场", "人民广场", "青禾工业园综合服务中心", "县职业教育中心"] + [f"{t}便民服务中心" for t in TOWNS])
    companies = c.sample(COMPANIES, 4)
    title = f"青禾县{kind}专场招聘会（第{number}场）"
    body = md(
        f"为搭建用工对接平台，县就业服务中心将于{c.pick(WEEKDAY_WORDS)}9:00在{venue}举办{kind}专场招聘会，"
        "欢迎广大求职者参加。",
        h(1, "部分参会企业"),
        table(["企业", "行业", "岗位数"], [[name, trade, c.n(5, 60)] for name, trade in companies]),
        h(2, "温馨提示"),
        bullets(["求职者请携带身份证和个人简历", "现场提供政策咨询、职业指导和技能培训报名服务", "所有服务均免费"]),
        c.contact("window", "县就业服务中心"),
        c.sign(),
    )
    return title, body


@template("rsj-jyfw", weight=1.0, serial=True, platforms=("SiteChannel", "WeChat"))
def jyfw_vacancies(c: Ctx):
    issue = c.serial("jyfw:vacancies", 42)
    rows = []
    for name, _trade in c.sample(COMPANIES, 4):
        post = c.pick(["普工", "操作工", "仓管员", "销售", "会计", "电工", "司机", "质检员", "厨师", "保洁员"])
        rows.append([name, post, c.n(1, 20), f"{c.n(30, 65) * 100}—{c.n(66, 95) * 100}元"])
    title = f"青禾县就业岗位信息发布（第{issue}期）"
    body = md(
        "本期县就业服务中心收集发布以下就业岗位信息：",
        h(1, "岗位信息"),
        table(["用人单位", "岗位", "人数", "月薪"], rows),
        h(2, "求职方式"),
        "以上岗位信息由用人单位提供，县就业服务中心已对企业资质进行核验。求职者可到县就业服务中心登记，"
        "由工作人员推荐对接。",
        c.contact("window", "县就业服务中心"),
        c.sign(),
    )
    return title, body


@template("rsj-jyfw", weight=0.6)
def jyfw_startup(c: Ctx):
    item, detail = c.fresh([
        ("创业担保贷款", "个人最高30万元，小微企业最高400万元，符合条件的给予贴息"),
        ("一次性创业补贴", "首次创办小微企业或从事个体经营且正常经营1年以上的，给予一次性补贴"),
        ("创业培训", "免费参加创业意识、创业计划等培训，合格的发放证书"),
        ("零工市场", "提供零工信息登记、岗位匹配和技能提升服务"),
        ("就业见习", "高校毕业生可到见习基地参加3至12个月见习，见习期间发放生活补助"),
    ])
    title = f"{item}政策问答"
    body = md(
        h(1, "常见问题"),
        f"问：{item}是什么政策？",
        f"答：{detail}。",
        "问：哪些人可以申请？",
        "答：高校毕业生、返乡入乡创业人员、退役军人、登记失业人员、脱贫人口等，具体条件以政策规定为准。",
        "问：到哪里申请？",
        f"答：到县就业服务中心（{address(c.d)}）{item}窗口申请，也可先电话咨询所需材料。",
        c.contact("window", "县就业服务中心"),
        c.sign(),
    )
    return title, body


# ---------------------------------------------------------------------------------------------------
# 市场监督管理局 (scjgj)
# ---------------------------------------------------------------------------------------------------

@template("scjgj", weight=1.1, serial=True, platforms=("SiteChannel", "WeChat"))
def scjgj_sampling(c: Ctx):
    issue = c.serial("scjgj:sampling", 18)
    rows = [[food, c.n(5, 40), 0 if c.rng.random() < 0.75 else c.n(1, 2)]
            for food in c.sample(["粮食加工品", "食用油", "肉制品", "乳制品", "蔬菜", "水果", "水产品", "糕点", "饮料",
                                  "调味品", "餐饮食品", "豆制品"], 5)]
    failed = sum(r[2] for r in rows)
    title = f"青禾县食品安全监督抽检信息公告（第{issue}期）"
    body = md(
        f"近期，县市场监管局组织抽检食品{sum(r[1] for r in rows)}批次，检验合格{sum(r[1] for r in rows) - failed}批次，"
        f"不合格{failed}批次。",
        h(1, "抽检情况"),
        table(["食品类别", "抽检批次", "不合格批次"], rows),
        h(2, "核查处置"),
        "对抽检发现的不合格食品，县市场监管局已责令经营者立即下架、封存，并依法立案调查。"
        if failed else "本期抽检样品全部合格。",
        "消费者如发现食品安全问题，可拨打投诉举报电话" + c.d.phone("hotline") + "。",
        "附件：食品安全监督抽检产品合格信息",
        c.sign(),
    )
    return title, body


@template("scjgj", weight=0.9)
def scjgj_consumer_tip(c: Ctx):
    topic, points = c.fresh([
        ("预付式消费", ["选择信誉好、经营稳定的商家", "不一次性大额充值", "签订书面合同并保存好凭证"]),
        ("网络购物", ["选择正规电商平台", "不要脱离平台私下交易", "收货时当面验货"]),
        ("电动自行车选购", ["认准CCC认证标志", "不私自改装、加装电池", "不在室内和楼道充电"]),
        ("儿童玩具选购", ["查看玩具适用年龄", "小零件玩具不适合3岁以下儿童", "注意查看生产厂名厂址"]),
        ("家庭装修", ["选择资质齐全的装修公司", "合同中明确材料品牌和环保等级", "分阶段验收、分期付款"]),
        ("保健食品", ["认准“小蓝帽”标志", "保健食品不能代替药物", "警惕会议营销和免费体检"]),
        ("二手车交易", ["查验车辆登记证书和维修保养记录", "签订规范的交易合同", "及时办理过户手续"]),
        ("燃气器具选购", ["选购带熄火保护装置的燃气灶", "燃气软管要用金属软管", "热水器不得安装在浴室内"]),
    ])
    title = c.pick([f"消费提示：{topic}需谨慎", f"{topic}消费提醒", f"县市场监管局发布{topic}消费警示"])
    body = md(
        f"近期，县市场监管局接到多起涉及{topic}的消费投诉。为维护消费者合法权益，特作如下提示：",
        h(1, "消费提示"),
        numbered(points),
        "经营者应当依法明码标价、如实宣传，不得作虚假或者引人误解的商业宣传。消费时请索要并保存好发票、收据等凭证，"
        "发生纠纷时可作为维权依据。",
        f"消费者权益受到侵害时，可拨打{c.d.phone('hotline')}或通过全国12315平台投诉举报。",
        c.sign(),
    )
    return title, body


@template("scjgj", weight=0.8)
def scjgj_inspection(c: Ctx):
    item = c.pick(["校园及周边食品安全", "电梯安全", "加油站计量", "农资市场", "药品零售企业", "餐饮“明厨亮灶”",
                   "燃气瓶充装单位", "眼镜制配场所计量", "集贸市场公平秤"])
    town = c.pick(TOWNS)
    title = f"县市场监管局在{town}开展{item}专项检查"
    body = md(
        f"近日，县市场监管局在{town}开展{item}专项检查。",
        h(1, "检查情况"),
        f"本次共出动执法人员{c.n(12, 40)}人次，检查经营主体{c.n(15, 80)}家，发现问题隐患{c.n(3, 20)}处，"
        f"下达责令改正通知书{c.n(1, 8)}份。",
        h(2, "主要问题"),
        bullets(c.sample(["台账记录不完整", "从业人员健康证明过期", "计量器具未按期检定", "安全管理制度不健全",
                          "进货查验不规范", "标签标识不规范"], 3)),
        "县市场监管局将对发现的问题跟踪督办，确保整改到位。",
        c.contact("hotline", "县市场监管局投诉举报中心"),
        c.sign(),
    )
    return title, body


@template("scjgj", weight=0.7, serial=True, platforms=("SiteChannel",))
def scjgj_prices(c: Ctx):
    issue = c.serial("scjgj:prices", 27)
    rows = [[item, unit, c.dec(low, high, 2), c.pick(["持平", "上涨", "下降"])]
            for item, unit, low, high in c.sample([("大米", "元/斤", 2.4, 3.2), ("面粉", "元/斤", 2.0, 2.6),
                                                  ("鸡蛋", "元/斤", 4.0, 6.2), ("猪肉", "元/斤", 12, 16),
                                                  ("白菜", "元/斤", 0.6, 1.8), ("西红柿", "元/斤", 2.0, 4.5),
                                                  ("花生油", "元/升", 14, 20), ("牛奶", "元/升", 9, 13)], 5)]
    title = f"青禾县主要农副产品价格监测（第{issue}期）"
    body = md(
        "本期县城主要农贸市场、超市重要民生商品价格总体平稳。主要品种零售均价如下：",
        h(1, "监测情况"),
        table(["品种", "单位", "均价", "环比"], rows),
        "监测点：城关镇农贸市场、青禾大道超市、南关菜市场。",
        "价格投诉举报电话：" + c.d.phone("hotline"),
        c.sign(),
    )
    return title, body


@template("scjgj", weight=0.3)
def scjgj_annual_report(c: Ctx):
    who = c.fresh(["企业", "个体工商户", "农民专业合作社"])
    title = f"关于做好{who}年度报告公示工作的提示"
    body = md(
        f"根据《企业信息公示暂行条例》等规定，{who}应当通过国家企业信用信息公示系统报送上一年度年度报告。",
        h(1, "报送内容"),
        bullets(["经营状态、联系方式", "从业人数、资产状况（可选择不公示）", "网站、网店信息"]),
        h(2, "逾期后果"),
        f"未按时报送的，将被列入经营异常名录（{who}为个体工商户的标记为经营异常状态），在招投标、融资贷款等方面受到限制。",
        "县市场监管局登记窗口提供免费指导服务，请不要轻信代报收费的信息。",
        c.contact("window", "县市场监管局登记注册股"),
        c.sign(),
    )
    return title, body


# ---------------------------------------------------------------------------------------------------
# 生态环境分局 (sthj)
# ---------------------------------------------------------------------------------------------------

@template("sthj", weight=1.0, serial=True, platforms=("SiteChannel", "WeChat"))
def sthj_air_weekly(c: Ctx):
    issue = c.serial("sthj:air", 30)
    good = c.n(4, 7)
    title = f"青禾县环境空气质量通报（第{issue}期）"
    body = md(
        f"本期（连续7天）全县环境空气质量优良天数{good}天，优良天数比例{round(good / 7 * 100)}%。",
        table(["指标", "均值", "环比"], [["PM2.5（微克/立方米）", c.n(18, 62), c.pick(["下降", "上升", "持平"])],
                                        ["PM10（微克/立方米）", c.n(35, 98), c.pick(["下降", "上升", "持平"])],
                                        ["臭氧（微克/立方米）", c.n(60, 150), c.pick(["下降", "上升", "持平"])]]),
        h(1, "工作提示"),
        f"请各乡镇加强{c.pick(['秸秆禁烧巡查', '建筑工地扬尘管控', '道路清扫保洁', '餐饮油烟治理'])}，"
        "共同守护青禾蓝天。",
        "数据来源：县城国控、省控空气自动监测站（数据未经审核，仅供参考）。",
        c.sign(),
    )
    return title, body


@template("sthj", weight=0.8)
def sthj_eia(c: Ctx):
    project, owner = c.fresh([
        ("年产5万吨饲料加工项目", "青禾绿源农业科技有限公司"), ("机械零部件生产线技术改造项目", "青禾恒达机械制造有限公司"),
        ("冷链仓储物流中心项目", "青禾顺通物流有限公司"), ("肉制品深加工项目", "青禾禾丰食品有限公司"),
        ("电子元件表面处理生产线项目", "青禾华信电子科技有限公司"), ("纺织印染废水深度处理改造项目", "青禾锦程纺织有限公司"),
        ("商品混凝土搅拌站迁建项目", "青禾建工集团有限公司"),
    ])
    stage = c.pick(["受理情况", "拟审批", "审批决定"])
    title = f"{owner}{project}环境影响评价文件{stage}公示"
    body = md(
        f"根据建设项目环境影响评价信息公开有关规定，现将{owner}{project}环境影响评价文件{stage}予以公示。",
        h(1, "项目信息"),
        table(["项目", "内容"], [["建设单位", owner], ["建设地点", f"青禾工业园{c.pick(ROADS)}"],
                                ["环评文件类型", c.pick(["报告书", "报告表"])], ["公示期限", "5个工作日"]]),
        h(2, "公众参与"),
        "公示期间，公众可通过信函、电话方式对项目提出意见。",
        f"联系地址：{address(c.d)}",
        c.contact("office", "县生态环境分局环评股"),
        c.sign(),
    )
    return title, body


@template("sthj", weight=0.8)
def sthj_enforcement(c: Ctx):
    item = c.pick(["涉气企业", "涉水企业", "危险废物产生单位", "建筑工地扬尘", "餐饮油烟", "畜禽养殖污染", "饮用水水源地"])
    town = c.pick(TOWNS)
    title = f"县生态环境分局对{town}{item}开展执法检查"
    body = md(
        f"近日，县生态环境分局执法大队对{town}{item}开展专项执法检查。",
        f"检查组共检查点位{c.n(8, 35)}个，发现环境问题{c.n(2, 11)}个，现场督促整改{c.n(1, 8)}个，"
        f"立案查处{c.n(0, 2)}起。",
        h(1, "检查重点"),
        bullets(["污染防治设施运行情况", "排污许可执行情况", "环境管理台账记录情况"]),
        f"县生态环境分局提醒：欢迎群众拨打环境问题举报电话{c.d.phone('hotline')}，共同守护青禾的绿水青山。",
        c.sign(),
    )
    return title, body


@template("sthj", weight=0.6)
def sthj_notice(c: Ctx):
    topic, rules = c.fresh([
        ("秸秆露天焚烧", ["全县行政区域内禁止露天焚烧秸秆、落叶、杂草", "各乡镇实行网格化巡查", "对违规焚烧的依法处罚"]),
        ("烟花爆竹燃放污染防治", ["县城建成区全年禁止燃放", "大气重污染预警期间全域禁止燃放", "鼓励使用电子鞭炮"]),
        ("重污染天气应急管控", ["启动预警期间，工业企业按“一厂一策”减排", "停止土石方作业", "增加道路洒水保洁频次"]),
    ])
    title = f"关于加强{topic}管理的通告"
    body = md(
        f"为改善环境质量，保障群众身体健康，现就加强{topic}管理通告如下：",
        h(1, "管控要求"),
        numbered(rules),
        "各乡镇人民政府要落实属地管理责任，加强巡查检查；县直有关部门要按照职责分工密切配合，形成工作合力。",
        f"本通告自发布之日起施行。对违反本通告的行为，欢迎拨打{c.d.phone('hotline')}举报。",
        c.sign(),
    )
    return title, body


# ---------------------------------------------------------------------------------------------------
# 交通运输局 (jtj)
# ---------------------------------------------------------------------------------------------------

@template("jtj", weight=1.0)
def jtj_bus_route(c: Ctx):
    route = c.n(1, 16)
    change = c.pick(["临时绕行", "延长运营时间", "优化调整", "增设站点", "调整首末班时间"])
    title = f"关于{route}路公交线路{change}的公告"
    stops = c.sample(["人民广场", "县人民医院", "县政务服务中心", "汽车站", "青禾工业园", "县第一高级中学", "南关市场",
                      "滨河公园", "西河湿地公园", "火车站"], 3)
    body = md(
        f"为方便市民出行，经研究，自{c.pick(WEEKDAY_WORDS)}起对{route}路公交线路{change}。",
        h(1, "调整内容"),
        f"调整后线路途经{stops[0]}、{stops[1]}、{stops[2]}等站点，首班6:{c.n(0, 3)}0，末班{c.n(19, 21)}:{c.n(0, 5)}0，"
        f"发车间隔约{c.n(8, 20)}分钟。",
        h(2, "温馨提示"),
        "各站点均已张贴调整公告，乘客可通过电子站牌实时查询车辆到站信息。给您出行带来的不便，敬请谅解。",
        c.contact("hotline", "县公交公司"),
        c.sign(),
    )
    return title, body


@template("jtj", weight=0.9)
def jtj_rural_road(c: Ctx):
    road = c.pick(RURAL_ROADS)
    village = c.pick(RURAL_ROAD_VILLAGES[road])
    stage = c.pick(["开工", "完工通车", "通过交工验收", "进入路面施工阶段"])
    title = f"{road}{village}段提质改造工程{stage}"
    body = md(
        f"近日，{road}{village}段提质改造工程{stage}。该工程全长{c.dec(2, 15)}公里，按四级公路标准建设，"
        f"路面宽{c.pick(['5.5', '6.5', '7'])}米，总投资{c.n(600, 3800)}万元。",
        h(1, "建设意义"),
        f"工程实施后，将有效解决沿线{c.n(3, 9)}个行政村、{c.about(3000, 12000, 100)}余名群众出行问题，"
        "方便农产品运输和乡村旅游发展。",
        "县交通运输局将加强质量监督，确保工程质量和安全生产。施工期间请过往车辆减速慢行。",
        c.contact("office", "县公路事业发展中心"),
        c.sign(),
    )
    return title, body


@template("jtj", weight=0.8)
def jtj_maintenance(c: Ctx):
    road = c.pick(RURAL_ROADS + ["国道青禾过境段", "县城北环路", "县城西环路"])
    work = c.pick(["桥梁检测", "路面坑槽修补", "安全防护设施完善", "边沟清淤", "路面标线施划"])
    title = f"{road}{work}施工公告"
    body = md(
        f"为保障道路安全畅通，县交通运输局定于{c.pick(WEEKDAY_WORDS)}起对{road}进行{work}施工，工期约{c.n(3, 20)}天。",
        h(1, "施工安排"),
        bullets(["施工采取分段、半幅封闭方式进行", "施工路段设置警示标志和专人引导", "夜间不施工，保证车辆正常通行"]),
        "请过往车辆注意观察施工标志，减速慢行，服从现场人员指挥。",
        c.contact("office", "县公路事业发展中心养护科"),
        c.sign(),
    )
    return title, body


@template("jtj", weight=0.6)
def jtj_transport_safety(c: Ctx):
    item = c.pick(["客运站安全检查", "危险货物运输企业检查", "驾培机构专项检查", "出租汽车行业专项整治",
                   "农村客运车辆安全检查", "校车运营安全检查"])
    title = f"县交通运输局开展{item}"
    body = md(
        f"近日，县交通运输局开展{item}，检查企业（站点）{c.n(5, 30)}家、车辆{c.n(20, 160)}台次。",
        h(1, "检查内容"),
        bullets(["安全生产责任制落实情况", "车辆技术状况和动态监控情况", "从业人员资格和安全教育情况"]),
        f"检查共发现隐患{c.n(3, 18)}处，已全部建立整改台账，限期整改到位。县交通运输局将对整改情况开展“回头看”。",
        c.contact("office", "县交通运输局安全股"),
        c.sign(),
    )
    return title, body


# ---------------------------------------------------------------------------------------------------
# 农业农村局 (nyncj)
# ---------------------------------------------------------------------------------------------------

@template("nyncj", weight=0.9, serial=True, platforms=("SiteChannel",))
def nyncj_subsidy_list(c: Ctx):
    batch = c.serial("nyncj:subsidy", 3)
    rows = [[machine, c.n(2, 40), f"{c.dec(1.5, 60)}万元"]
            for machine in c.sample(["拖拉机", "小麦联合收割机", "玉米联合收获机", "植保无人飞机", "免耕播种机",
                                     "秸秆粉碎还田机", "谷物烘干机", "旋耕机"], 4)]
    title = f"农机购置与应用补贴资金兑付情况公示（第{batch}批）"
    body = md(
        f"根据农机购置与应用补贴实施方案，现将第{batch}批补贴资金兑付情况汇总公示如下：",
        h(1, "兑付情况"),
        table(["机具品目", "台数", "补贴金额"], rows),
        h(2, "公示说明"),
        "公示期为7天。购机户明细可在县农业农村局农机股和各乡镇便民服务中心查阅。对公示内容有异议的，"
        "请在公示期内实名反映。",
        c.contact("office", "县农业农村局农机股"),
        c.sign(),
    )
    return title, body


@template("nyncj", weight=0.4)
def nyncj_subsidy_apply(c: Ctx):
    kind = c.fresh(["农机购置与应用补贴", "耕地地力保护补贴", "农业生产社会化服务项目", "种粮大户补贴"])
    title = f"关于开展{kind}申报工作的通知"
    body = md(
        f"各乡镇人民政府、各有关单位：现就{kind}申报工作通知如下。",
        h(1, "申报对象"),
        "从事农业生产的个人和农业生产经营组织。",
        h(2, "申报程序"),
        numbered(["申请人向所在乡镇便民服务中心提出申请；", "乡镇审核并公示；", "县农业农村局复核后兑付。"]),
        h(3, "有关要求"),
        "严禁虚报冒领、套取补贴资金。举报电话：" + c.d.phone("hotline"),
        c.contact("office", "县农业农村局计划财务股"),
        c.sign(),
    )
    return title, body


@template("nyncj", weight=1.0)
def nyncj_field_guidance(c: Ctx):
    crop, advice = c.fresh([
        ("小麦", ["适期播种，足墒下种", "做好种子包衣和土壤处理", "及时镇压保墒"]),
        ("玉米", ["适时收获，降低籽粒含水量", "及时晾晒，防止霉变", "秸秆粉碎还田"]),
        ("大棚蔬菜", ["加强通风降湿，预防灰霉病", "增施有机肥", "合理控制棚温"]),
        ("食用菌", ["控制菇房温湿度", "做好出菇期通风", "及时采收分级"]),
        ("果树", ["清园修剪，减少病虫越冬基数", "树干涂白防冻", "增施基肥"]),
        ("大豆", ["适期收获，减少炸荚损失", "单收单储，保证品质", "及时清理田间残株"]),
    ], limit=2)
    village = c.pick(VILLAGES)
    title = f"农技专家走进{village}指导{crop}生产"
    body = md(
        f"近日，县农业农村局组织农技专家走进{village}，深入田间地头指导{crop}生产。",
        h(1, "技术要点"),
        numbered(advice),
        f"专家们现场解答种植户提问{c.n(20, 80)}个，发放技术明白纸{c.n(100, 500)}份。",
        f"种植户在生产中遇到技术问题，可拨打农技服务热线{c.d.phone('hotline')}，或联系所在乡镇农业服务中心。",
        c.sign(),
    )
    return title, body


@template("nyncj", weight=0.7)
def nyncj_animal_disease(c: Ctx):
    disease = c.fresh(["非洲猪瘟", "高致病性禽流感", "口蹄疫", "小反刍兽疫", "布鲁氏菌病", "牛结节性皮肤病"])
    title = f"秋冬季{disease}防控工作提示" if c.in_season("秋冬季") else f"县农业农村局部署{disease}防控工作"
    body = md(
        f"当前正值重大动物疫病防控关键期，为做好{disease}防控，提示如下：",
        h(1, "防控要求"),
        numbered(["养殖场户要落实消毒、隔离等生物安全措施；", "严禁使用餐厨废弃物饲喂畜禽；",
                  "发现畜禽异常死亡，立即向当地畜牧兽医站报告，不得随意处置；", "调运畜禽须依法申报检疫。"]),
        h(2, "免疫情况"),
        f"全县已完成春秋两季集中免疫，免疫密度保持在{c.n(90, 99)}%以上。",
        f"疫情报告电话：{c.d.phone('duty')}（县动物疫病预防控制中心）",
        c.sign(),
    )
    return title, body


@template("nyncj", weight=0.6)
def nyncj_farmland(c: Ctx):
    town = c.pick(TOWNS)
    mu = c.n(5, 30) * 1000
    stage = c.pick(["开工建设", "通过竣工验收", "项目区划定公示", "工程进度过半"])
    title = f"{town}{mu}亩高标准农田建设项目{stage}"
    body = md(
        f"{town}{mu}亩高标准农田建设项目近日{stage}。",
        h(1, "建设内容"),
        f"项目涉及{c.n(3, 8)}个行政村，主要建设内容包括土地平整、机井配套、田间道路和农田防护林，"
        f"总投资约{c.n(1000, 4500)}万元。",
        h(2, "预期效益"),
        "项目建成后，将实现“田成方、路相通、渠相连、旱能浇、涝能排”，预计项目区粮食亩产提高10%以上。",
        "欢迎群众对项目建设质量进行监督。",
        c.contact("office", "县农业农村局农田建设股"),
        c.sign(),
    )
    return title, body


# ---------------------------------------------------------------------------------------------------
# 住房和城乡建设局 (zjj)
# ---------------------------------------------------------------------------------------------------

@template("zjj", weight=1.1)
def zjj_water_outage(c: Ctx):
    area = c.fresh(COMMUNITIES + RESIDENTIAL)
    reason = c.pick(["供水管网改造", "阀门更换", "水厂设备检修", "主管道抢修", "二次供水设施清洗"])
    when = c.pick(WEEKDAY_WORDS)
    start, end = c.pick([("8:00", "18:00"), ("9:00", "16:00"), ("22:00", "次日6:00"), ("8:30", "14:00")])
    title = f"关于{area}{when}临时停水的通知"
    body = md(
        f"因{reason}，定于{when}{start}至{end}对以下区域暂停供水：",
        h(1, "停水范围"),
        bullets([area, f"{c.pick(ROADS)}沿线部分商户", f"{c.pick(RESIDENTIAL)}"]),
        h(2, "注意事项"),
        "恢复供水初期可能出现水压偏低、水质浑浊现象，请放水片刻后再使用。请用户提前做好储水准备，"
        "停水期间请关闭水龙头，避免来水时跑水。",
        "如遇特殊情况，停水时间将另行通知。给您生活带来的不便，敬请谅解。",
        f"供水服务电话：0000-66{c.d.code}{c.n(370, 379)}（县供水公司）",
        c.sign(),
    )
    return title, body


@template("zjj", weight=0.8)
def zjj_gas_safety(c: Ctx):
    area = c.pick(COMMUNITIES + RESIDENTIAL)
    title = f"{area}开展城镇燃气安全入户检查"
    body = md(
        f"近日，县住建局会同燃气企业在{area}开展城镇燃气安全入户检查。",
        h(1, "检查内容"),
        bullets(["燃气管道和阀门是否漏气", "燃气软管是否老化、超期使用", "是否安装燃气泄漏报警器", "燃气热水器是否安装在浴室内"]),
        h(2, "检查结果"),
        f"共入户检查{c.n(120, 800)}户，发现隐患{c.n(8, 60)}处，现场整改{c.n(5, 40)}处，其余已告知用户限期整改。",
        "燃气企业工作人员入户时均佩戴工作证，检查不收取任何费用。群众如有疑问，可拨打燃气企业服务电话核实。",
        c.contact("office", "县住建局燃气管理股"),
        c.sign(),
    )
    return title, body


@template("zjj", weight=0.7)
def zjj_old_estates(c: Ctx):
    estate = c.pick(RESIDENTIAL)
    stage = c.pick(["改造方案公示", "开工", "完工", "居民意见征集"])
    title = f"{estate}老旧小区改造项目{stage}"
    body = md(
        f"{estate}老旧小区改造项目{stage}。该小区建成于上世纪九十年代，共{c.n(6, 24)}栋楼、{c.n(180, 900)}户。",
        h(1, "改造内容"),
        numbered(c.sample(["更换老化供水、排水管道", "屋面防水和外墙保温", "增设停车位和充电桩", "加装楼道照明和监控",
                           "建设无障碍通道和适老化设施", "改造绿化和休闲场地"], 4)),
        "改造期间，施工单位将合理安排工序，尽量减少对居民生活的影响。居民如有意见建议，可向社区或县住建局反映。",
        c.contact("office", "县住建局城建股"),
        c.sign(),
    )
    return title, body


@template("zjj", weight=0.7)
def zjj_construction_check(c: Ctx):
    item = c.pick(["建筑施工安全", "工地扬尘治理", "建设工程质量", "农民工工资支付", "起重机械安全", "深基坑工程安全"])
    title = f"县住建局开展在建工程{item}专项检查"
    body = md(
        f"近日，县住建局对全县在建工程开展{item}专项检查。",
        f"本次共检查在建项目{c.n(8, 30)}个，发现隐患问题{c.n(15, 80)}条，下发整改通知书{c.n(3, 15)}份，"
        f"对{c.n(0, 3)}个问题突出的项目责令局部停工整改。",
        h(1, "下一步工作"),
        bullets(["建立问题清单，逐项跟踪整改", "对整改不到位的项目纳入信用评价", "开展“四不两直”暗查暗访"]),
        c.contact("office", "县建设工程质量安全监督站"),
        c.sign(),
    )
    return title, body


@template("zjj", weight=0.6)
def zjj_property(c: Ctx):
    estate = c.fresh(RESIDENTIAL)
    item = c.pick(["物业服务企业选聘", "业主大会筹备", "物业服务收费标准公示", "维修资金使用公示"])
    title = f"{estate}{item}公告"
    body = md(
        f"根据《物业管理条例》等规定，现将{estate}{item}有关事项公告如下。",
        h(1, "基本情况"),
        f"{estate}共{c.n(6, 24)}栋楼、{c.n(180, 900)}户，建筑面积约{c.n(2, 12)}万平方米。",
        h(2, "有关事项"),
        f"{item}相关材料已在小区公告栏张贴，公示期7天。业主对公示内容有异议的，可在公示期内向所在社区或县住建局"
        "物业管理股书面反映。",
        "县住建局将会同城关镇、社区加强指导监督，依法保障业主合法权益。",
        c.contact("office", "县住建局物业管理股"),
        c.sign(),
    )
    return title, body


@template("zjj", weight=0.5)
def zjj_housing(c: Ctx):
    item = c.fresh(["公共租赁住房配租", "公共租赁住房资格复核", "住房租赁补贴申请", "公租房租金缴纳"])
    title = f"关于做好{item}工作的公告"
    body = md(
        f"为做好住房保障工作，现就{item}有关事项公告如下。",
        h(1, "对象和条件"),
        "县城规划区内住房困难的低收入家庭、新就业无房职工和外来务工人员，具体条件以县住房保障实施细则为准。",
        h(2, "办理方式"),
        "申请人向户籍所在地或工作地社区提出申请，经社区初审、街道审核、县住建局复核后公示。公示期内无异议的，按程序办理。",
        f"办理窗口：县政务服务中心住房保障窗口（{address(DEPT['xzf'])}）",
        c.contact("window", "县住房保障中心"),
        c.sign(),
    )
    return title, body


# ---------------------------------------------------------------------------------------------------
# 应急管理局 (yjglj)
# ---------------------------------------------------------------------------------------------------

@template("yjglj", weight=0.9, serial=True)
def yjglj_flood_warning(c: Ctx):
    c.season("防汛")
    number = c.serial("yjglj:flood", 6)
    level = c.pick(["蓝色", "黄色", "橙色"])
    area = "、".join(c.sample(TOWNS, 3))
    title = f"县防汛抗旱指挥部办公室关于防范强降雨天气的紧急通知（第{number}号）"
    body = md(
        f"据县气象台预报，未来24小时我县{area}等地将出现{c.n(50, 120)}毫米以上强降雨，局地伴有短时大风和雷电。"
        f"县防汛抗旱指挥部已启动防汛{level}预警响应。",
        h(1, "防范要求"),
        numbered(["各乡镇要加强山洪、地质灾害隐患点和低洼易涝区域巡查，必要时提前转移群众；",
                  "在建工程要暂停露天作业，做好基坑和临时设施防护；", "严格落实24小时值班和领导带班制度，及时报送雨情汛情。"]),
        "广大群众雨天尽量减少外出，不要在河道、沟渠附近逗留，不要驾车涉水通过积水路段。",
        f"防汛值班电话：{c.d.phone('duty')}",
        c.sign("青禾县防汛抗旱指挥部办公室"),
    )
    return title, body


@template("yjglj", weight=0.9)
def yjglj_weather_alert(c: Ctx):
    weather, points = c.fresh([
        ("寒潮", ["做好防寒保暖，关注老人、儿童等重点人群", "设施农业做好棚室加固和保温", "注意用电用气安全"]),
        ("大风", ["加固广告牌、脚手架等高空设施", "暂停高空作业和户外吊装作业", "远离临时搭建物"]),
        ("高温", ["合理安排户外作业时间", "做好防暑降温药品准备", "注意用电负荷，防范电气火灾"]),
        ("强对流", ["雷雨天气不在大树下避雨", "关好门窗，收起阳台物品", "注意防范冰雹对农作物的影响"]),
        ("道路结冰", ["减少不必要的外出", "行人注意防滑，老人尽量避免出门", "车辆减速慢行，保持安全车距"]),
        ("大雾", ["减少户外活动", "驾驶车辆开启雾灯，低速行驶", "渡口、河道注意航行安全"]),
    ], limit=3)
    title = c.pick([f"关于防范{weather}天气的安全提示", f"县应急管理局发布{weather}天气防范提醒"])
    body = md(
        f"据县气象台预报，近期我县将出现{weather}天气。为做好防范应对工作，县应急管理局提醒：",
        h(1, "防范要点"),
        numbered(points),
        "请广大群众通过电视、广播和“青禾应急”微信公众号等渠道及时关注天气预报预警信息，做好防范准备。",
        "各乡镇、各有关部门要加强值班值守，发现险情及时处置并报告。如遇紧急情况，请拨打119或110求助。",
        f"应急值班电话：{c.d.phone('duty')}",
        c.sign(),
    )
    return title, body


@template("yjglj", weight=1.0)
def yjglj_safety_inspection(c: Ctx):
    sector = c.pick(["危险化学品企业", "建筑施工领域", "道路运输企业", "人员密集场所", "烟花爆竹经营单位", "非煤矿山",
                     "工贸企业有限空间作业", "城镇燃气", "养老机构", "校外培训机构"])
    town = c.pick(["长岭镇", "马家店乡"] if sector == "非煤矿山" else TOWNS)
    title = f"县安委会办公室对{town}{sector}开展安全生产检查"
    body = md(
        f"近日，县安委会办公室组织县应急管理局等部门，对{town}{sector}开展安全生产检查。",
        h(1, "检查情况"),
        table(["项目", "数量"], [["检查单位（家）", c.n(5, 30)], ["发现隐患（处）", c.n(10, 70)], ["已整改（处）", c.n(5, 40)],
                                ["责令停产整顿（家）", c.n(0, 2)]]),
        h(2, "工作要求"),
        "各生产经营单位要落实安全生产主体责任，主要负责人要亲自组织隐患排查；各行业主管部门要加强日常监管，"
        "对重大事故隐患挂牌督办。",
        f"安全生产举报电话：{c.d.phone('hotline')}",
        c.sign(),
    )
    return title, body


@template("yjglj", weight=0.7)
def yjglj_drill(c: Ctx):
    kind, scenario, places = c.pick([
        ("防汛抢险", "河道堤防出现管涌险情", ["西河沿岸", "青禾镇", "双塘镇", "白鹭乡"]),
        ("地震疏散", "发生破坏性地震", ["县第一高级中学", "青禾县实验小学", "县人民医院", "县政务服务中心"]),
        ("消防安全疏散", "建筑内发生火灾", ["县人民医院", "县政务服务中心", "青禾工业园", "城关镇中心幼儿园"]),
        ("危险化学品泄漏处置", "储罐发生危险化学品泄漏", ["青禾工业园"]),
        ("森林火灾扑救", "林区发生山火", ["青禾山林区", "长岭镇", "马家店乡"]),
        ("燃气泄漏处置", "居民楼燃气管道泄漏", ["城关镇南关社区", "城关镇河滨社区", "锦绣禾园"]),
    ])
    place = c.pick(places)
    title = f"{place}举行{kind}应急演练"
    body = md(
        f"近日，{place}举行{kind}应急演练，{c.n(3, 9)}个部门（单位）的{c.about(60, 400)}余人参加。",
        h(1, "演练情况"),
        f"演练模拟{scenario}，设置了信息报告、先期处置、应急响应、协同救援等科目。各参演单位反应迅速、"
        "配合紧密，检验了应急预案的可操作性。",
        h(2, "点评总结"),
        "演练结束后，县应急管理局进行了现场点评，要求各单位针对暴露出的问题修订完善预案，加强应急物资储备。",
        c.contact("office", "县应急管理局应急救援股"),
        c.sign(),
    )
    return title, body


@template("yjglj", weight=0.7)
def yjglj_science(c: Ctx):
    topic, points = c.fresh([
        ("家庭应急物资怎么备", ["饮用水和方便食品", "手电筒、收音机和备用电池", "常用药品和急救包", "重要证件复印件"]),
        ("电动自行车火灾如何预防", ["选购合格产品，不私自改装", "不在室内和楼道充电", "充电时间不宜过长"]),
        ("地震来了怎么避险", ["室内就近躲避在坚固家具旁", "不要跳楼、不乘电梯", "震后迅速撤离到空旷地带"]),
        ("燃气泄漏怎么办", ["立即关闭燃气阀门", "打开门窗通风", "不开关电器、不使用明火，到室外拨打报修电话"]),
        ("家庭用电安全要点", ["不超负荷用电", "定期检查电线是否老化", "安装漏电保护装置"]),
        ("遇到溺水怎么自救互救", ["保持镇静，头部后仰使口鼻露出水面", "施救时优先借助竹竿、绳索等工具", "不要手拉手盲目施救"]),
    ])
    title = f"应急科普：{topic}"
    body = md(
        f"关于“{topic}”，县应急管理局提醒您牢记以下要点：",
        h(1, "应对要点"),
        numbered(points),
        "掌握必要的应急知识，关键时刻能保护自己和家人。县应急科普宣教基地（县消防救援站旁）每周三、周六免费开放，"
        "欢迎市民预约参观体验。",
        f"预约电话：{c.d.phone('office')}",
        c.sign(),
    )
    return title, body


@template("yjglj", weight=0.5)
def yjglj_forest_fire(c: Ctx):
    c.season("森林防火")
    area = c.fresh(["青禾山林区", "长岭镇丘陵林区", "马家店乡林区", "西河防护林带"])
    title = f"关于加强{area}森林防灭火工作的通告"
    body = md(
        f"为保护森林资源和人民群众生命财产安全，现就加强{area}森林防灭火工作通告如下：",
        h(1, "管控要求"),
        numbered(["林区内严禁烧荒、烧纸、燃放烟花爆竹等一切野外用火；", "进入林区的人员不得携带火种；",
                  "发现火情立即拨打119或森林防火值班电话报告；", "对违规用火的，依法追究责任。"]),
        "各乡镇要在林区主要路口设立防火检查站，护林员要加强巡护，做到“山有人管、林有人护、火有人防”。本通告自发布之日起施行。",
        f"森林防火值班电话：{c.d.phone('duty')}",
        c.sign(),
    )
    return title, body


# ---------------------------------------------------------------------------------------------------
# 文化广电和旅游局 (wglj)
# ---------------------------------------------------------------------------------------------------

SCENIC = ["青禾山风景区", "西河湿地公园", "禾源古村落", "县博物馆", "桃花坞乡村旅游区"]


@template("wglj", weight=1.0)
def wglj_culture_event(c: Ctx):
    event = c.fresh(["广场舞展演", "戏曲票友大赛", "书法美术摄影作品展", "农民丰收节文艺演出", "青年合唱比赛",
                    "少儿才艺展演", "非遗展示展演", "全民阅读分享会"], limit=6)
    venue = c.pick(["人民广场", "县文化馆", "县图书馆", "滨河公园", "西河湿地公园"] + [f"{t}文化站" for t in TOWNS])
    title = f"{event}在{venue}举行"
    body = md(
        f"近日，由县文化广电和旅游局主办的{event}在{venue}举行，{c.n(10, 40)}支队伍（个人）参加，"
        f"吸引群众{c.about(500, 3000, 100)}余人次观看。",
        f"活动内容丰富、形式多样，集中展示了全县群众文化建设成果。县文化广电和旅游局将持续开展“文化惠民”活动，"
        "让群众在家门口享受文化大餐。",
        h(1, "近期活动预告"),
        bullets(c.sample(["县图书馆“青禾讲堂”每周六上午开讲", "县文化馆公益培训班常年招生", "送戏下乡演出持续进行",
                          "县博物馆周一闭馆，其余时间免费开放"], 2)),
        c.contact("office", "县文化馆"),
        c.sign(),
    )
    return title, body


@template("wglj", weight=0.9, serial=True)
def wglj_lecture(c: Ctx):
    issue = c.serial("wglj:lecture", 57)
    topic, speaker = c.pick([
        ("家庭教育中的沟通艺术", "县第一高级中学心理健康教师"), ("青禾地方史话", "本地文史研究者"),
        ("中医养生与四季调养", "县中医院主治医师"), ("诗词里的二十四节气", "县第一高级中学语文教师"),
        ("老年人智能手机使用", "县图书馆馆员"), ("非遗剪纸入门", "县级非遗项目代表性传承人"),
        ("绘本阅读与亲子共读", "县图书馆少儿部馆员"), ("摄影构图基础", "县摄影家协会会员"),
        ("家庭理财与防范金融诈骗", "县内银行网点理财经理"), ("书法欣赏与临摹", "县书法家协会会员"),
    ])
    title = f"青禾讲堂第{issue}期：{topic}"
    body = md(
        f"“青禾讲堂”第{issue}期将于下周六9:30在县图书馆报告厅开讲，主题为“{topic}”。",
        h(1, "主讲人"),
        f"{speaker}{c.pick(PEOPLE)}。",
        h(2, "参加方式"),
        f"讲座免费向公众开放，座位{c.n(80, 200)}个，先到先得。也可拨打电话预约座位。",
        "“青禾讲堂”是县图书馆打造的公益讲座品牌，内容涵盖文史、健康、教育、艺术等领域，往期讲座视频可在县图书馆网站栏目回看。",
        c.contact("office", "县图书馆"),
        c.sign(),
    )
    return title, body


@template("wglj", weight=0.8)
def wglj_village_show(c: Ctx):
    village = c.pick(VILLAGES)
    show, what, verb = c.pick([
        ("送戏下乡", "县豫剧团演员们表演了传统戏曲选段和群众喜闻乐见的小品", "观看"),
        ("送电影下乡", "农村电影放映队放映了群众喜爱的优秀影片和农业科技短片", "观看"),
        ("送书下乡", f"工作人员向村农家书屋赠送图书{c.about(200, 600)}余册，并开展了图书借阅登记", "参与"),
        ("文艺轻骑兵", "县文化馆文艺志愿者表演了歌舞、快板和器乐节目", "观看"),
    ])
    title = f"{show}走进{village}"
    body = md(
        f"近日，县文化广电和旅游局组织“{show}”活动走进{village}。",
        h(1, "活动情况"),
        f"活动现场，{what}，{c.about(200, 800)}余名村民{verb}。",
        "活动现场还设置了政策咨询台，工作人员向群众发放了移风易俗、防范电信网络诈骗等宣传资料。",
        "“{}”活动每年覆盖全县所有行政村，县文化广电和旅游局将根据群众需求不断丰富活动内容。".format(show),
        c.contact("office", "县文化广电和旅游局公共服务股"),
        c.sign(),
    )
    return title, body


@template("wglj", weight=0.8)
def wglj_scenic(c: Ctx):
    spot = c.pick(SCENIC)
    item, detail = c.fresh([
        ("游客须知", ["景区实行实名预约", "请勿攀爬护栏和采摘花木", "文明游览，垃圾入箱"]),
        ("开放时间调整", ["开放时间调整为8:00—17:30", "17:00停止入园", "如遇恶劣天气临时闭园将另行通知"]),
        ("安全提示", ["雨后山路湿滑，请穿防滑鞋", "请勿进入未开发区域", "儿童须在监护人陪同下游览"]),
        ("文明旅游倡议", ["排队有序，礼让老幼", "爱护文物古迹", "不投喂野生动物"]),
        ("便民服务措施", ["新增停车位200个", "设置母婴室和无障碍卫生间", "提供轮椅、婴儿车免费租借"]),
    ], limit=2)
    title = f"{spot}{item}"
    body = md(
        f"为给游客提供安全、舒适的游览环境，{spot}发布{item}如下：",
        h(1, item),
        numbered(detail),
        f"近期{spot}日均接待游客约{c.n(800, 5000)}人次。节假日和周末实行限流措施，瞬时承载量达到上限时将暂停入园，"
        "请游客错峰出行。游客可关注“青禾文旅”微信公众号获取景区实时信息。",
        f"{spot}{c.pick(['免费开放', '门票60元，60周岁以上老人、学生、现役军人等凭证免票', '门票40元，优待政策以景区公示为准'])}。",
        f"旅游咨询和投诉电话：0000-66{c.d.code}{c.n(381, 399)}",
        c.sign(),
    )
    return title, body


@template("wglj", weight=0.5)
def wglj_market_check(c: Ctx):
    item = c.pick(["网吧", "娱乐场所", "出版物市场", "演出场所", "剧本娱乐场所", "旅行社"])
    title = f"县文化市场综合执法大队开展{item}专项检查"
    body = md(
        f"近日，县文化市场综合执法大队开展{item}专项检查，检查经营单位{c.n(8, 40)}家。",
        h(1, "检查重点"),
        bullets(["证照是否齐全有效", "是否接纳未成年人（网吧、娱乐场所）", "消防通道是否畅通", "经营内容是否合法合规"]),
        "执法人员同时向经营单位宣传了有关法律法规，督促经营者依法诚信经营，落实安全生产主体责任。",
        f"检查发现问题{c.n(2, 12)}个，已当场责令整改。对违法违规经营行为，欢迎拨打{c.d.phone('hotline')}举报。",
        c.sign(),
    )
    return title, body


# ---------------------------------------------------------------------------------------------------
# 医疗保障局 (ybj)
# ---------------------------------------------------------------------------------------------------

@template("ybj", weight=1.1)
def ybj_payment_reminder(c: Ctx):
    c.season("医保集中缴费")
    topic, points = c.fresh([
        ("线上缴费操作指南", ["打开“青禾通”App或“青禾医保服务”小程序", "选择“城乡居民医保缴费”，输入参保人身份证号", "确认信息后完成支付"]),
        ("新生儿参保", ["新生儿出生后可凭出生医学证明参保", "出生90日内参保的，自出生之日起享受待遇", "可与户口登记一并办理"]),
        ("在校大学生参保", ["在校大学生可在学校所在地参保", "也可在户籍地参加城乡居民医保", "请勿重复参保"]),
        ("困难群众资助参保", ["特困人员、低保对象等按规定享受参保资助", "资助对象无需本人申请", "由医保部门直接核定"]),
        ("缴费截止提醒", ["集中缴费期即将结束，请尚未缴费的居民抓紧缴费", "集中缴费期后缴费的，设置待遇等待期", "已缴费的请核对缴费信息"]),
        ("缴费渠道汇总", ["线上：“青禾通”App、“青禾医保服务”小程序、手机银行", "线下：合作银行网点、村级代办点",
                      "县政务服务中心医保窗口"]),
    ])
    title = f"城乡居民医保缴费提醒：{topic}"
    body = md(
        "城乡居民医保集中参保缴费正在进行中。县医保局提醒广大参保居民：",
        h(1, topic),
        numbered(points),
        h(2, "谨防诈骗"),
        "医保部门不会通过电话、短信要求参保人向个人账户转账，请通过官方渠道缴费。",
        c.contact("window", "县医保服务中心"),
        c.sign(),
    )
    return title, body


@template("ybj", weight=0.8)
def ybj_remote_care(c: Ctx):
    topic, points = c.fresh([
        ("异地就医备案", ["可通过国家医保服务平台App或“青禾医保服务”小程序线上备案", "长期异地居住人员备案后可直接结算",
                        "临时外出就医人员也可备案"]),
        ("门诊慢特病待遇认定", ["申请人携带病历资料到定点医院申请", "认定通过后次月享受门诊慢特病待遇", "认定结果可线上查询"]),
        ("医保电子凭证", ["在微信、支付宝搜索“医保电子凭证”即可激活", "就医购药可扫码结算", "支持亲情账户代为使用"]),
        ("职工医保个人账户家庭共济", ["个人账户可支付配偶、父母、子女的医疗费用", "需先在医保窗口绑定共济关系", "可线上办理"]),
        ("住院费用报销", ["县内定点医院住院可直接结算", "县外转诊需办理转诊备案", "住院结算后可在线查询报销明细"]),
    ])
    title = f"医保政策问答：{topic}"
    body = md(
        f"近期，县医保局收到不少关于{topic}的咨询。现将有关政策整理如下：",
        h(1, "政策要点"),
        numbered(points),
        h(2, "办理渠道"),
        f"县医保服务中心窗口（{address(c.d)}）工作日受理业务，“青禾医保服务”小程序全天可办。",
        c.contact("window", "县医保服务中心"),
        c.sign(),
    )
    return title, body


@template("ybj", weight=0.7)
def ybj_fraud(c: Ctx):
    kind = c.pick(["定点医疗机构", "定点零售药店", "村卫生室", "康复理疗机构"])
    title = f"县医保局开展{kind}医保基金使用专项检查"
    body = md(
        f"为守护好群众的“看病钱”“救命钱”，县医保局近日对全县{kind}开展医保基金使用专项检查。",
        h(1, "检查重点"),
        bullets(c.sample(["虚假住院、挂床住院", "串换药品、耗材和诊疗项目", "超标准收费、重复收费", "诱导参保人住院",
                          "盗刷医保凭证"], 3)),
        h(2, "检查结果"),
        f"本次共检查{kind}{c.n(10, 60)}家，追回违规使用医保基金{c.dec(2, 40)}万元，暂停医保结算{c.n(0, 3)}家。",
        f"欺诈骗保举报电话：{c.d.phone('hotline')}。经查实的，按规定给予举报人奖励。",
        c.sign(),
    )
    return title, body


@template("ybj", weight=0.4)
def ybj_new_providers(c: Ctx):
    count = c.n(2, 9)
    kind = c.pick(["定点医药机构", "定点零售药店", "门诊统筹定点药店"])
    title = f"关于新增{count}家医保{kind}的公告"
    body = md(
        f"经评估，现新增{count}家医保{kind}，自公告之日起纳入医保结算范围。",
        h(1, "新增机构"),
        table(["机构名称", "所在乡镇"], [[f"青禾康宁大药房{c.pick(['东街', '南关', '滨河', '工业园', '长岭'])}店", c.pick(TOWNS)],
                                     [f"{c.pick(TOWNS)}{c.pick(['同心', '仁和', '百姓', '惠民'])}诊所", c.pick(TOWNS)],
                                     ["……", "……"]]),
        "参保人可在“青禾医保服务”小程序“定点机构查询”中查看全部定点机构名单。",
        c.contact("office", "县医保局医药服务管理股"),
        c.sign(),
    )
    return title, body


# ---------------------------------------------------------------------------------------------------
# 民政局 (mzj)
# ---------------------------------------------------------------------------------------------------

@template("mzj", weight=0.9, serial=True, platforms=("SiteChannel",))
def mzj_dibao(c: Ctx):
    batch = c.serial("mzj:dibao", 7)
    rows = [[town, c.n(2, 15), c.n(0, 8), c.n(0, 6)] for town in TOWNS]
    title = f"城乡最低生活保障动态管理情况公示（第{batch}批）"
    body = md(
        "根据最低生活保障审核确认办法，现将本批次城乡低保动态调整情况汇总公示如下：",
        h(1, "调整情况"),
        table(["乡镇", "新增户数", "停保户数", "调整保障金额户数"], rows),
        h(2, "公示说明"),
        "具体保障对象名单已在各村（社区）公示栏张贴（不公开身份证号码等个人信息）。公示期7天，"
        "对公示内容有异议的，可向乡镇人民政府或县民政局反映。",
        c.contact("hotline", "县民政局社会救助股"),
        c.sign(),
    )
    return title, body


@template("mzj", weight=0.8)
def mzj_elderly_care(c: Ctx):
    place = c.pick(COMMUNITIES + VILLAGES)
    if place in COMMUNITIES:
        item = c.pick(["老年助餐点", "日间照料中心", "居家养老服务站", "老年活动中心"])
    else:
        item = c.pick(["农村幸福院", "老年助餐点", "互助养老服务站"])
    title = f"{place}{item}投入使用"
    body = md(
        f"近日，{place}{item}正式投入使用，可为周边{c.n(300, 1500)}名老年人提供服务。",
        h(1, "服务内容"),
        bullets(c.sample(["老年助餐，80周岁以上老人每餐补贴2元", "日间照料和短期托养", "健康监测和康复训练",
                          "文化娱乐和精神慰藉", "上门探访和紧急呼叫"], 3)),
        f"该{item}由{c.pick(['专业养老服务机构', '社区社会组织', '镇区域养老服务中心'])}运营，配备工作人员"
        f"{c.n(3, 12)}名，服务时间为每天8:00—18:00。",
        "县民政局将按照“15分钟养老服务圈”的目标，持续完善城乡养老服务设施。",
        c.contact("office", "县民政局养老服务股"),
        c.sign(),
    )
    return title, body


@template("mzj", weight=0.7)
def mzj_service_notice(c: Ctx):
    item, detail = c.fresh([
        ("婚姻登记", ["婚姻登记处实行预约办理，可通过电话预约", "办理结婚登记需双方本人到场，携带身份证和户口簿",
                     "婚姻登记“跨省通办”已在我县实施"]),
        ("高龄津贴申领", ["80周岁以上老年人可申领高龄津贴", "由本人或家属向村（社区）提出申请", "津贴按月发放到社保卡"]),
        ("临时救助申请", ["因突发事件导致基本生活陷入困境的家庭可申请", "急难情形实行“先行救助”", "可向乡镇或县民政局申请"]),
        ("困境儿童基本生活保障", ["孤儿、事实无人抚养儿童按月发放基本生活费", "由村（社区）儿童主任协助申请",
                             "县民政局定期开展走访"]),
        ("殡葬服务收费", ["基本殡葬服务项目实行政府定价", "殡仪服务机构须公示收费项目和标准", "禁止强制消费和捆绑销售"]),
        ("社会组织年度检查", ["全县登记的社会组织应参加年度检查", "通过网上系统报送年度工作报告", "未按规定参检的依法处理"]),
    ])
    title = f"{item}办事指南"
    body = md(
        f"为方便群众办事，现将{item}有关事项告知如下：",
        numbered(detail),
        h(1, "办理地点"),
        f"县政务服务中心民政窗口，或县民政局（{address(c.d)}）。",
        "办理过程中如遇问题，可拨打服务电话咨询，也可在本栏目“留言咨询”板块留言，工作人员将在3个工作日内答复。",
        c.contact("window", "县民政局服务窗口"),
        c.sign(),
    )
    return title, body


@template("mzj", weight=0.5)
def mzj_care_visit(c: Ctx):
    group = c.pick(["困难老年人", "留守儿童", "困境儿童", "特困供养人员", "重度残疾人"])
    town = c.pick(TOWNS)
    title = f"县民政局到{town}走访慰问{group}"
    body = md(
        f"近日，县民政局工作人员到{town}走访慰问{group}，为他们送去慰问品和慰问金。",
        h(1, "走访情况"),
        f"每到一户，工作人员都详细询问他们的生活、身体和保障政策落实情况，共走访{c.n(10, 60)}户，"
        f"现场协调解决实际困难{c.n(2, 9)}件。",
        "走访中，工作人员还宣传了最低生活保障、临时救助、残疾人两项补贴等政策，提醒他们有困难及时向村（社区）反映。",
        f"县民政局要求，各乡镇要建立{group}定期探访制度，及时发现和解决他们的困难。",
        c.contact("office", "县民政局"),
        c.sign(),
    )
    return title, body


# ---------------------------------------------------------------------------------------------------
# 城关镇 (cgz) and 青禾镇 (qhz)
# ---------------------------------------------------------------------------------------------------

@template("cgz", weight=1.2)
def cgz_community_activity(c: Ctx):
    place = c.pick(COMMUNITIES + CGZ_VILLAGES)
    activity = c.pick(["邻里节", "“我们的节日”主题活动", "老年人智能手机培训", "义务理发", "消防安全演练", "垃圾分类宣传",
                       "亲子阅读", "便民集市", "法律咨询进社区", "健康讲座"])
    title = f"{place}开展{activity}"
    body = md(
        f"近日，{place}开展{activity}，{c.about(40, 300)}余名居民参加。",
        h(1, "活动情况"),
        f"活动由社区党群服务中心组织，{c.pick(['辖区共建单位', '社区志愿者', '网格员', '县直联系单位'])}共同参与。"
        f"活动现场气氛热烈，居民们纷纷表示{c.pick(['收获满满', '希望多举办这样的活动', '邻里关系更加融洽了'])}。",
        h(2, "服务品牌"),
        f"据了解，{place}今年以来已开展各类居民活动{c.n(12, 40)}场，形成了"
        f"“{c.pick(['月月有主题', '周周有活动', '节节有特色'])}”的服务品牌。",
        "城关镇将持续推动社区服务精细化，让居民在家门口感受到更多温暖。",
        f"社区服务电话：0000-66{c.d.code}{c.n(311, 329)}",
        c.sign(),
    )
    return title, body


@template("cgz", weight=0.9)
def cgz_environment(c: Ctx):
    area = c.pick(ROADS[:10] + c.d.places[:8])
    issue = c.pick(["占道经营", "乱贴乱画", "车辆乱停乱放", "背街小巷卫生死角", "违规户外广告", "废品收购站点"])
    title = f"城关镇集中整治{area}{issue}问题"
    body = md(
        f"为提升城区环境面貌，城关镇近日组织综合执法、社区网格员等力量，集中整治{area}{issue}问题。",
        f"整治行动共出动人员{c.n(30, 120)}人次，清理整治问题点位{c.n(20, 150)}处，发放告知书{c.n(20, 80)}份。",
        h(1, "下一步"),
        bullets(["建立“路长制”长效管理机制", "对反弹问题从严处理", "发动居民共同参与环境监督"]),
        f"欢迎群众拨打{c.d.phone('hotline')}反映城区环境问题。",
        c.sign(),
    )
    return title, body


@template("cgz", weight=0.6)
def cgz_grid(c: Ctx):
    community = c.pick(COMMUNITIES)
    service = c.pick(["代办医保缴费", "上门办理养老认证", "独居老人探访", "矛盾纠纷调解", "安全隐患排查"])
    title = f"{community}网格员{service}服务"
    body = md(
        f"{community}将辖区划分为{c.n(6, 16)}个网格，每个网格配备专职网格员。近期，网格员开展“{service}”服务，"
        f"已服务居民{c.n(50, 400)}户。",
        h(1, "服务情况"),
        f"今年以来，{community}网格员累计走访居民{c.n(1000, 4000)}户次，收集并解决居民诉求{c.n(50, 300)}件，"
        f"调解矛盾纠纷{c.n(5, 40)}起。",
        h(2, "联系方式"),
        "居民有需要时，可联系所在网格的网格员，或在社区党群服务中心咨询。网格员联系方式已张贴在各楼栋单元门口。",
        f"社区服务电话：0000-66{c.d.code}{c.n(331, 349)}",
        c.sign(),
    )
    return title, body


@template("cgz", weight=0.7)
def cgz_notice(c: Ctx):
    topic, rules = c.fresh([
        ("电动自行车安全充电", ["严禁在楼道、楼梯间、安全出口停放电动自行车或充电", "严禁私拉电线“飞线”充电",
                          "请到小区集中充电设施充电"]),
        ("城乡居民医保代缴", ["各社区（村）设代缴点，工作日均可办理", "请携带户口簿或身份证", "也可通过“青禾通”App自助缴费"]),
        ("文明养犬", ["携犬出户须束犬链、清理犬只粪便", "犬只须按规定接种狂犬病疫苗", "烈性犬禁止在城区饲养"]),
        ("城区停车秩序", ["机动车请在施划的停车泊位内停放", "不得占用消防通道和盲道", "违规停车将由执法部门依法处理"]),
        ("冬季供暖报修", ["供暖期间出现暖气不热，请先联系小区物业", "物业无法解决的可拨打社区电话", "不得私自放水或改动供暖管道"]),
        ("高空抛物治理", ["严禁从建筑物中抛掷物品", "物业要在重点楼栋安装监控", "发现高空抛物行为请及时报警"]),
    ])
    title = f"城关镇关于做好{topic}工作的通知"
    body = md(
        f"各社区、各村，辖区各物业服务企业：为做好{topic}工作，现就有关事项通知如下：",
        h(1, "有关要求"),
        numbered(rules),
        "各社区（村）要通过居民群、楼道公告栏、入户走访等方式广泛宣传，确保通知到每家每户；网格员要加强日常巡查，"
        "发现问题及时劝导并上报。",
        f"城关镇综合服务电话：{c.d.phone('office')}",
        c.sign(),
    )
    return title, body


@template("qhz", weight=1.1)
def qhz_village_news(c: Ctx):
    village = c.pick(QHZ_VILLAGES)
    item = c.pick(["召开村民代表大会", "公开村务财务", "开展人居环境整治", "修缮村级文化广场", "成立红白理事会",
                   "开展“美丽庭院”评选", "修订村规民约", "组织农技培训"])
    title = f"{village}{item}"
    body = md(
        f"近日，{village}{item}。",
        h(1, "基本情况"),
        f"{village}共有{c.n(200, 900)}户、{c.n(800, 3200)}人。此次{item}，{c.n(30, 200)}名村民参与，"
        f"村“两委”干部现场听取群众意见建议{c.n(5, 20)}条。",
        "会上，村“两委”还通报了村集体经济收支和惠民政策落实情况，并就村内道路维修、路灯安装等群众关心的问题作了说明。",
        "青禾镇将及时总结推广各村的好做法，推动乡村治理和乡村振兴各项工作落地见效。",
        c.contact("office", "青禾镇党政办公室"),
        c.sign(),
    )
    return title, body


@template("qhz", weight=0.9)
def qhz_industry(c: Ctx):
    village = c.pick(QHZ_VILLAGES)
    industry = c.pick(["设施蔬菜", "食用菌种植", "乡村旅游", "小杂粮加工", "黄桃种植", "稻虾共养", "手工挂面"])
    title = f"{village}{industry}带动群众增收"
    body = md(
        f"{village}依托资源优势发展{industry}产业。目前，全村{industry}规模达到{c.n(80, 600)}亩（户），"
        f"带动{c.n(50, 300)}户群众增收，户均年增收{c.dec(0.5, 3)}万元。",
        h(1, "发展模式"),
        f"村集体成立专业合作社，统一技术、统一品牌、统一销售，{c.pick(['与县内商超签订了长期供货协议', '通过电商平台销往周边市县', '吸引了周边游客前来采摘'])}。",
        f"“过去一亩地一年收入一千多元，现在发展{industry}，收入翻了好几番。”一位村民高兴地说。",
        "下一步，青禾镇将加大政策扶持力度，推动产业提质增效，让更多群众在家门口就业增收。",
        c.sign(),
    )
    return title, body


@template("qhz", weight=0.7)
def qhz_notice(c: Ctx):
    topic, rules = c.fresh([
        ("秸秆禁烧", ["全镇范围内禁止露天焚烧秸秆", "各村实行包片包户巡查", "鼓励秸秆还田和离田综合利用"]),
        ("农村自建房安全", ["新建住房须办理乡村建设规划许可", "选择有资质的工匠施工", "严禁私自改变房屋结构"]),
        ("冬季取暖安全", ["不在室内使用无烟道的炉具", "安装一氧化碳报警器", "电暖器使用时远离可燃物"]),
        ("农村道路交通安全", ["不乘坐农用车和超员车辆", "骑电动车戴头盔", "农机具上路须有牌有证"]),
    ])
    title = f"青禾镇关于做好{topic}工作的通知"
    body = md(
        f"各村：为切实做好{topic}工作，现通知如下：",
        h(1, "工作要求"),
        numbered(rules),
        "各村要通过广播、微信群等方式广泛宣传，确保家喻户晓。镇综合行政执法队和包村干部要加强巡查，发现问题及时劝导制止、"
        "督促整改；对拒不整改的，依法依规处理。",
        "各村每周五前将工作开展情况报镇党政办公室。",
        c.contact("office", "青禾镇党政办公室"),
        c.sign(),
    )
    return title, body


# ---------------------------------------------------------------------------------------------------
# Assembly
# ---------------------------------------------------------------------------------------------------

ROLES = [("SystemAdmin", "系统管理员"), ("MatrixAdmin", "矩阵管理员"), ("Auditor", "检查员"),
         ("SecurityAdmin", "安全管理员"), ("AuditAdmin", "审计管理员"),
         ("DepartmentAdmin", "部门管理员"), ("Editor", "编辑"), ("Reviewer", "审核人")]

# Departments that had a full editorial team in the first demo (their people keep their names).
FULL_TEAMS = ["xzf", "gaj", "jyj", "wjw"]

# Drafts: (account, how many).
DRAFTS = [("xzf-site", 1), ("gaj-site", 2), ("jyj-site", 1), ("wjw-wechat", 1), ("rsj-site", 1), ("scjgj-site", 1),
          ("yjglj-site", 1)]

WECHAT_PREFIXES = ["关注｜", "提醒｜"]


def content_prefix(dept: Dept) -> str:
    return dept.prefix or dept.id


def post_days(rng: random.Random, acct: Acct) -> list[int]:
    """Days (before the run day) on which the account posted, newest first."""
    if isinstance(acct.schedule, list):
        return sorted(acct.schedule)
    days, day = [], acct.schedule.latest
    while day <= acct.schedule.earliest:
        days.append(day)
        day += rng.randint(*acct.schedule.gaps)
    return days


def office_time(rng: random.Random) -> str:
    minute = rng.randrange(8 * 60 + 30, 17 * 60 + 56)
    return f"{minute // 60:02d}:{minute % 60:02d}"


class ContentWriter:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.serials: dict = {}
        self.uses: dict = {}      # (department, template) -> items written
        self.topics: dict = {}    # (department, template) -> {topic: times}
        self.exhausted: set = set()
        self.titles: set[str] = set()

    def write(self, acct: Acct, day: int, draft: bool = False) -> tuple[str, list[str]]:
        dept = DEPT[acct.tenant]
        candidates = [t for t in TEMPLATES[dept.id]
                      if (t.platforms is None or acct.platform in t.platforms) and not (draft and t.serial)]
        failures: dict = {}
        for _ in range(60):
            usable = [t for t in candidates if failures.get(t.fn, 0) < 6 and (dept.id, t.fn) not in self.exhausted]
            if not usable:
                break
            tpl = min(usable, key=lambda t: (self.uses.get((dept.id, t.fn), 0) + 1) / t.weight
                      * self.rng.uniform(0.6, 1.4))
            ctx = Ctx(self.rng, dept, acct, day, self.serials, self.topics.setdefault((dept.id, tpl.fn), {}))
            try:
                title, body = tpl.fn(ctx)
            except Exhausted:
                self.exhausted.add((dept.id, tpl.fn))
                continue
            except NotNow:
                failures[tpl.fn] = failures.get(tpl.fn, 0) + 6
                continue
            title, body = self.decorate(acct, title, body)
            if title in self.titles:
                failures[tpl.fn] = failures.get(tpl.fn, 0) + 1
                continue
            ctx.commit()
            self.uses[(dept.id, tpl.fn)] = self.uses.get((dept.id, tpl.fn), 0) + 1
            self.titles.add(title)
            return title, body
        raise RuntimeError(f"no unique title left for account {acct.id}; add templates or parameters")

    def decorate(self, acct: Acct, title: str, body: list[str]) -> tuple[str, list[str]]:
        if not any("电话" in line for line in body):  # every notice carries a contact line above the 落款
            dept = DEPT[acct.tenant]
            body = body[:-1] + [f"联系电话：{dept.phone('office')}（{dept.office}）", ""] + body[-1:]
        if acct.platform == "WeChat" and self.rng.random() < 0.25 and not any(m in title for m in "：｜提"):
            title = self.rng.choice(WECHAT_PREFIXES) + title
        elif acct.platform == "Weibo":
            body = [f"#{acct.name}# {title}", ""] + body
        elif acct.platform == "Douyin":
            title = "视频｜" + title
            body = body + ["", f"（本条为短视频配文，完整视频请在抖音号“{acct.name}”观看。）"]
        return title, body


def build_accounts(rng: random.Random) -> list[dict]:
    serial_by_year: dict[str, int] = {}
    responsible = {d.id: PEOPLE[-(i + 1)] for i, d in enumerate(DEPARTMENTS)}
    out = []
    for acct in ACCOUNTS:
        dept = DEPT[acct.tenant]
        parent = DEPT[dept.parent] if dept.parent and dept.parent != "xzf" else None
        item = {
            "id": acct.id,
            "tenant": acct.tenant,
            "platform": acct.platform,
            "kind": acct.kind,
            "name": acct.name,
            "operatingUnit": "青禾县人民政府办公室" if dept.id == "xzf" else dept.name,
            "supervisingUnit": parent.name if parent else "青禾县人民政府办公室",
        }
        if acct.main:
            item["main"] = True
        item["description"] = acct.description or dept.name + PLATFORM_WORDS[acct.platform]
        if acct.filed:
            year = acct.opened[:4]
            serial_by_year[year] = serial_by_year.get(year, 0) + 1
            item["filingNumber"] = f"QH-XMT-{year}-{serial_by_year[year]:03d}"
        else:
            item["filingNumber"] = ""
        item["responsiblePerson"] = responsible[dept.id]
        item["contact"] = dept.phone("office")
        item["openedOn"] = acct.opened
        if acct.filed:
            filed = dt.date.fromisoformat(acct.opened) + dt.timedelta(days=rng.randint(1, 4))
            item["filedOn"] = filed.isoformat()
        item["state"] = acct.state
        if acct.merged_into:
            item["mergedInto"] = acct.merged_into
        out.append(item)
    return out


# Names of the staff added so that every department can finish 三审 (kept apart from PEOPLE, which the content draws on).
EXTRA_SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
EXTRA_GIVEN = ["建国", "秀兰", "志明", "海燕", "国华", "丽娜", "文杰", "春梅", "永强", "晓东", "玉芬", "红军", "淑珍", "德明", "桂英",
               "少华", "雅婷", "俊杰", "慧芳", "振宇", "美玲", "宏亮", "静文", "立国", "秋霞", "家豪", "婉婷", "明远", "翠兰", "浩然"]


def extra_people():
    """Deterministic names, none of them in PEOPLE."""
    taken = set(PEOPLE)
    for i in range(len(EXTRA_SURNAMES) * len(EXTRA_GIVEN)):
        name = EXTRA_SURNAMES[(i * 7) % len(EXTRA_SURNAMES)] + EXTRA_GIVEN[(i * 11) % len(EXTRA_GIVEN)]
        if name not in taken:
            taken.add(name)
            yield name


# Every department's team: a department admin, an editor and one reviewer per level of the default 三审 chain
# (初审、复审、终审: three different people, none of them the writer), so that every department can publish.
TEAM = [("admin", "DepartmentAdmin", "部门管理员"), ("editor", "Editor", "编辑"),
        ("reviewer1", "Reviewer", "初审"), ("reviewer2", "Reviewer", "复审"), ("reviewer3", "Reviewer", "终审")]


def build_users() -> list[dict]:
    names = iter(PEOPLE)
    extra = extra_people()
    users = [
        {"userName": "admin", "displayName": "系统管理员", "roles": ["SystemAdmin"], "password": "{{adminPassword}}"},
        {"userName": "matrix.admin", "displayName": f"{next(names)}（矩阵管理员）", "roles": ["MatrixAdmin"],
         "password": "{{demoPassword}}"},
        {"userName": "auditor", "displayName": f"{next(names)}（检查员）", "roles": ["Auditor"],
         "password": "{{demoPassword}}"},
        # 三权分立: the security and the audit administrator are people of their own (no names drawn: the others keep theirs).
        {"userName": "security.admin", "displayName": "赵立新（安全管理员）", "roles": ["SecurityAdmin"], "password": "{{demoPassword}}"},
        {"userName": "audit.admin", "displayName": "王海燕（审计管理员）", "roles": ["AuditAdmin"], "password": "{{demoPassword}}"},
    ]
    # The staff of the earlier demo keep their names (the first pass, in the old order); the others are added after.
    first = {dept.id: ([TEAM[0], TEAM[1], TEAM[2], TEAM[3]] if dept.id in FULL_TEAMS else [TEAM[1]]) for dept in DEPARTMENTS}
    team_users = {}
    for dept in DEPARTMENTS:
        for suffix, role, label in first[dept.id]:
            team_users[(dept.id, suffix)] = next(names)
    for dept in DEPARTMENTS:
        for suffix, role, label in TEAM:
            if (dept.id, suffix) not in team_users:
                team_users[(dept.id, suffix)] = next(extra)
    for dept in DEPARTMENTS:
        login = content_prefix(dept)
        for suffix, role, label in TEAM:
            users.append({"userName": f"{login}.{suffix}", "displayName": f"{team_users[(dept.id, suffix)]}（{dept.short}·{label}）",
                          "tenant": dept.id, "roles": [role], "password": "{{demoPassword}}"})
    return users


def build_content(rng: random.Random) -> list[dict]:
    posts = []  # (days ago, time, account)
    for acct in ACCOUNTS:
        for day in post_days(rng, acct):
            posts.append((day, office_time(rng), acct))
    posts.sort(key=lambda p: (-p[0], p[1], p[2].id))  # oldest first, so series numbers grow with time

    writer = ContentWriter(rng)
    numbers: dict[str, int] = {}
    items = []
    for day, time, acct in posts:
        dept = DEPT[acct.tenant]
        title, body = writer.write(acct, day)
        numbers[dept.id] = numbers.get(dept.id, 0) + 1
        items.append({"id": f"{content_prefix(dept)}-n-{numbers[dept.id]:04d}", "type": "notice", "tenant": dept.id,
                      "account": acct.id, "title": title, "author": dept.office,
                      "published": f"today-{day}d {time}", "body": body})
    by_id = {a.id: a for a in ACCOUNTS}
    for account_id, count in DRAFTS:
        acct = by_id[account_id]
        dept = DEPT[acct.tenant]
        for _ in range(count):
            title, body = writer.write(acct, 0, draft=True)
            numbers[dept.id + ":draft"] = numbers.get(dept.id + ":draft", 0) + 1
            items.append({"id": f"{content_prefix(dept)}-d-{numbers[dept.id + ':draft']:03d}", "type": "notice",
                          "tenant": dept.id, "account": acct.id, "title": title, "author": dept.office, "body": body})
    return items


def build_recipe() -> dict:
    rng = random.Random(SEED)
    accounts = build_accounts(rng)
    content = build_content(rng)
    published = sum(1 for c in content if "published" in c)
    tenants = []
    for dept in DEPARTMENTS:
        tenant = {"id": dept.id, "displayName": dept.name}
        if dept.prefix:
            tenant["prefix"] = dept.prefix
        if dept.parent:
            tenant["parent"] = dept.parent
        else:
            tenant["portal"] = True
        tenant["theme"] = "matrix" if dept.parent is None else "department"
        tenant["sortOrder"] = dept.sort
        tenant["description"] = dept.description
        tenants.append(tenant)
    xzf = DEPT["xzf"]
    return {
        "name": "demo-county",
        "displayName": "青禾县政务新媒体矩阵（演示数据）",
        "description": (f"虚构的青禾县政务新媒体矩阵：{len(tenants)}个部门（三级），{len(accounts)}个账号，"
                        f"{published}条已发布通知公告和{len(content) - published}篇草稿，"
                        "发布时间相对于执行配方的当天。青禾县及其地名、单位、人名、电话号码均为虚构，"
                        "不代表任何真实政府机关。部分账号有意设计为睡眠、僵尸、重复、未备案等状态，供检查功能演示。"),
        "author": "NewMediaCms",
        "version": "1.0.0",
        "timeZone": "Asia/Shanghai",
        "variables": {},
        "steps": [
            {"name": "roles", "roles": [{"name": n, "displayName": d} for n, d in ROLES]},
            {"name": "tenants", "tenants": tenants},
            {"name": "accounts", "accounts": accounts},
            {"name": "users", "users": build_users()},
            {"name": "settings", "values": {
                "site.title": "青禾县政务新媒体矩阵",
                "site.footer": "\n".join([
                    "主办单位：青禾县人民政府办公室（虚构）",
                    f"地址：{address(xzf)}（虚构）　邮编：000000",
                    f"联系电话：{xzf.phone('office')}",
                    "本站为演示站点，内容均为虚构",
                ]),
                "site.demoNotice": DEMO_NOTICE,
            }},
            *safety_steps(),
            {"name": "content", "items": content},
            {"name": "messages", "messages": build_messages()},
            {"name": "submissions", "submissions": build_submissions(content, tenants)},
        ],
    }


RETURN_REASONS = [
    "数据口径与县统计公报不一致，请核实后重新报送。",
    "缺少活动现场图片和参与人数，请补充后再报送。",
    "内容属于部门日常工作，暂不在县政府门户采用，可在本单位账号发布。",
]


def build_submissions(content: list[dict], tenants: list[dict]) -> list[dict]:
    """信息报送 over the past weeks: townships and second-level units submit recent notices to their superior (parent)
    or to the county government's desk; about half are adopted (a copy published on the desk's site channel, attributed),
    some returned with a reason, the latest still open."""
    parent = {t["id"]: t.get("parent") for t in tenants}
    prefix = {t["id"]: t.get("prefix") or t["id"] for t in tenants}
    plan = [("cgz", "xzf"), ("qhz", "xzf"), ("gaj-jjdd", "gaj"), ("wjw-cdc", "wjw"), ("rsj-jyfw", "rsj"), ("nyncj", "xzf"),
            ("yjglj", "xzf"), ("cgz", "xzf"), ("wjw-cdc", "xzf"), ("jtj", "xzf")]
    used: set[str] = set()
    rows = []
    returns = 0
    for n, (source, desk) in enumerate(plan):
        assert desk in (parent[source], "xzf"), (source, desk)
        candidates = [i for i in content if i["tenant"] == source and "published" in i and i["id"] not in used
                      and 4 <= int(RELATIVE.match(i["published"]).group(1)) <= 30]
        # Spread over the past four weeks: the n-th submission about 28 - 3n days ago.
        item = min(candidates, key=lambda i: (abs(int(RELATIVE.match(i["published"]).group(1)) - (29 - 3 * n)), i["id"]))
        used.add(item["id"])
        days, hh, mm = (int(g) for g in RELATIVE.match(item["published"]).groups())
        submitted = days - 1 if n < 8 else min(days - 1, 2)
        row = {"id": f"bs-{n + 1:02d}", "from": source, "item": item["id"], "to": desk, "by": f"{prefix[source]}.editor",
               "submitted": f"today-{submitted}d 10:{10 + n:02d}"}
        outcome = ["adopted", "returned", "adopted", "adopted", "returned", "adopted", "adopted", "returned", "open", "open"][n]
        if outcome == "adopted":
            row.update({"adopted": f"today-{submitted - 1}d 15:{20 + n:02d}", "adoptedBy": f"{prefix[desk]}.editor", "account": f"{prefix[desk]}-site"})
        elif outcome == "returned":
            row.update({"returned": f"today-{submitted - 1}d 16:{20 + n:02d}", "returnedBy": f"{prefix[desk]}.editor",
                        "reason": RETURN_REASONS[returns % len(RETURN_REASONS)]})
            returns += 1
        rows.append(row)
    return rows


def safety_steps() -> list[dict]:
    """The content-safety dictionaries (the county's fictional leaders and a starter word list), kept in their own
    recipe, demo-county-safety.recipe.json, so they can be run alone; copied here so the first start has them."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "demo-county-safety.recipe.json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)["steps"]


def build_messages() -> list[dict]:
    """A few citizen messages (留言) so the interaction pages and NM-D10 / WEB-V04 have something to show."""
    return [
        {"id": "gaj-m1", "tenant": "gaj", "account": "gaj-wechat", "writer": "王先生", "contact": "13800000001",
         "subject": "身份证到期换领需要带哪些材料？", "body": "我的身份证下个月到期，请问换领需要带哪些材料，周末能不能办理？",
         "received": "today-12d 09:20", "reply": "您好：换领居民身份证请携带原证件到户政大厅办理，无需其他材料；户政大厅周六上午正常办公。感谢您的留言。",
         "replied": "today-10d 16:00", "repliedBy": "gaj.editor", "queryCode": "DEMQ2345ABCD"},
        {"id": "gaj-m2", "tenant": "gaj", "writer": "", "contact": "",
         "subject": "学校门口早高峰拥堵", "body": "青禾二小门口每天早上七点半左右车辆拥堵，建议增派交警疏导。",
         "received": "today-3d 08:10", "queryCode": "DEMQ2345ABCE"},
        {"id": "gaj-m3", "tenant": "gaj", "writer": "匿名", "contact": "",
         "subject": "推销广告", "body": "低价代办各类证件，联系微信……",
         "received": "today-9d 22:00", "status": "NotPublic", "reason": "广告信息"},
        {"id": "jyj-m1", "tenant": "jyj", "writer": "李女士", "contact": "qinghe.parent@example.org",
         "subject": "义务教育阶段入学报名时间", "body": "请问今年小学一年级网上报名什么时候开始？需要准备哪些材料？",
         "received": "today-8d 10:00", "queryCode": "DEMQ2345ABCF"},
        {"id": "jyj-m2", "tenant": "jyj", "account": "jyj-site", "writer": "家长", "contact": "",
         "subject": "校车路线调整建议", "body": "建议校车增加东湖村站点，方便东湖村的学生上下学。",
         "received": "today-100d 15:00"},
    ]


# ---------------------------------------------------------------------------------------------------
# Self-check: the recipe engine validates too, but failing here keeps a broken file from being written.
# ---------------------------------------------------------------------------------------------------

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
RELATIVE = re.compile(r"^today-(\d+)d (\d\d):(\d\d)$")
ABSOLUTE_DATE = re.compile(r"\d{4}年|\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}")
PHONE = re.compile(r"(?<!\d)\d{3,4}-\d{7,8}(?!\d)")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def check(recipe: dict) -> dict:
    steps = {s["name"]: s for s in recipe["steps"]}
    tenants = steps["tenants"]["tenants"]
    accounts = steps["accounts"]["accounts"]
    users = steps["users"]["users"]
    items = steps["content"]["items"]

    def unique(values, what):
        seen = set()
        for v in values:
            assert v not in seen, f"duplicate {what}: {v}"
            seen.add(v)

    for kind, rows in (("tenant", tenants), ("account", accounts), ("content", items)):
        unique([r["id"] for r in rows], f"{kind} id")
        for r in rows:
            assert SLUG.match(r["id"]), f"bad {kind} id {r['id']}"
    tenant_ids = {t["id"] for t in tenants}
    assert sum(1 for t in tenants if t.get("portal")) == 1
    unique([t["prefix"] for t in tenants if t.get("prefix")], "prefix")
    for t in tenants:
        assert t.get("parent") is None or t["parent"] in tenant_ids, t["id"]
        assert t.get("prefix") is None or (SLUG.match(t["prefix"]) and t["prefix"] not in RESERVED_PREFIXES), t["id"]

    account_tenant = {a["id"]: a["tenant"] for a in accounts}
    for a in accounts:
        assert a["tenant"] in tenant_ids and a["platform"] in PLATFORM_WORDS
        assert a["kind"] in ("Publishing", "Service") and a["state"] in ("Active", "Suspended", "Closed", "MergedInto")
        assert (a["state"] == "MergedInto") == ("mergedInto" in a), a["id"]
        assert a.get("mergedInto") is None or a["mergedInto"] in account_tenant

    unique([u["userName"].lower() for u in users], "user name")
    for u in users:
        assert u["password"] in ("{{adminPassword}}", "{{demoPassword}}"), u["userName"]
        assert u.get("tenant") is None or u["tenant"] in tenant_ids
        assert u["roles"] and all(r in dict(ROLES) for r in u["roles"])
        if any(r in ("DepartmentAdmin", "Editor", "Reviewer") for r in u["roles"]):
            assert u.get("tenant"), u["userName"]

    unique([i["title"] for i in items], "title")
    for i in items:
        assert i["tenant"] in tenant_ids, i["id"]
        assert account_tenant.get(i["account"]) == i["tenant"], f"{i['id']}: account of another department"
        text = "\n".join(i["body"])
        assert 150 <= len(text) <= 600, f"{i['id']}: body has {len(text)} characters"
        assert "{{" not in text and "{{" not in i["title"], i["id"]
        assert not ABSOLUTE_DATE.search(text + i["title"]), f"{i['id']}: absolute date"
        assert not MOBILE.search(text), f"{i['id']}: mobile number"
        for phone in PHONE.findall(text):
            assert phone.startswith("0000-"), f"{i['id']}: real-looking phone {phone}"
        if "published" in i:
            m = RELATIVE.match(i["published"])
            assert m, i["published"]
            days, hh, mm = (int(g) for g in m.groups())
            assert 1 <= days <= WINDOW_DAYS and (8, 30) <= (hh, mm) <= (18, 0), i["published"]

    # The shape the inspection demo relies on.
    last: dict[str, int | None] = {a["id"]: None for a in accounts}
    for i in items:
        if "published" in i:
            days = int(RELATIVE.match(i["published"]).group(1))
            prev = last[i["account"]]
            last[i["account"]] = days if prev is None else min(prev, days)
    expected = {"sthj-site": 17, "qhz-site": 11, "qhz-wechat": 12, "mzj-wechat": 103, "scjgj-douyin": None,
                "ybj-mp": None}
    for account_id, days in expected.items():
        assert last[account_id] == days, f"{account_id}: last post {last[account_id]}, expected {days}"
    special = set(expected) | {"xzf-app", "wjw-weibo", "jtj-weibo", "jyfw-wechat"}
    for account_id, days in last.items():
        if account_id not in special:
            assert days is not None and days <= 6, f"{account_id}: last post {days} days ago"

    published = sum(1 for i in items if "published" in i)
    counts = {"tenants": len(tenants), "accounts": len(accounts), "published": published,
              "drafts": len(items) - published, "users": len(users)}
    assert counts["tenants"] >= 14 and counts["accounts"] >= 26 and published >= 330
    assert 5 <= counts["drafts"] <= 10
    return {"counts": counts, "last": last}


def main() -> int:
    recipe = build_recipe()
    summary = check(recipe)
    OUTPUT.write_text(json.dumps(recipe, ensure_ascii=False, indent=2) + "\n", encoding="utf-8", newline="\n")
    counts = summary["counts"]
    print(f"wrote {OUTPUT.name}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
