"""The drivers' union (太原市巡游网约车行业工会联合会): its entities, roles and API scopes."""

from cityhub.i18n import N_
from cityhub.resolvers.registry import AccountLink, ResolverDomain, RoleSpec
from cityhub.resolvers.union import members, trade_union

domain = ResolverDomain(
    name="union",
    entities=(
        "stations",
        "mobile_windows",
        "check_ins",
        "trade_union",
        "members",
        "aid_programs",
        "aid_enrolments",
        "aid_claims",
        "aid_applications",
        "broadcasts",
        "consultations",
    ),
    roles=(
        RoleSpec(trade_union.MEMBER, N_("工会会员")),
        RoleSpec(trade_union.UNION_STAFF, N_("工会工作人员"), staff=True),
    ),
    scopes={
        "stations:write": N_("修改驿站信息"),
        "stations:usage": N_("查看驿站使用情况（每日签到人次与人数，不含个人信息）"),
        "members:read": N_("查看会员名单（姓名、手机号、身份证号均打码）"),
        "aid:read": N_("查看资助申请列表（申请人和子女姓名打码，不含金额和发票）"),
    },
    account_links=(
        AccountLink(
            option="member",
            help="Link to this union member (e.g. TYD000123).",
            link=members.link_account,
        ),
    ),
)
