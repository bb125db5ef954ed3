"""What sources published (a newspaper page's articles and their figures), kept apart from
live counts, and cited only with what the page itself says."""

from tortoise import fields
from tortoise.models import Model


class Source(Model):
    """One article of a source page. ``title`` is the article's own headline(s) as the page
    prints them (several joined by " / "), or, for an article the page gives no headline,
    its opening words ending in "…" (``title_kind`` says which). ``byline`` only where the
    page prints one. The page's date and the date the project took its copy are apart."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=64, unique=True)
    title = fields.CharField(max_length=200)
    title_kind = fields.CharField(max_length=16)  # headline | opening_words
    byline = fields.CharField(max_length=100, null=True)
    published_on = fields.DateField()
    retrieved_on = fields.DateField()
    sort_order = fields.IntField(default=0)

    class Meta:
        table = "source"
        ordering = ["sort_order", "id"]


class PublishedFigure(Model):
    """A number as an article gave it: ``value`` in ``unit`` (a percentage in percent, 93
    for 93%), ``precision`` for the article's own qualifier (余/多: more than; 近: nearly),
    ``as_written`` and ``quote`` in the page's words."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=64, unique=True)
    domain = fields.CharField(max_length=32, db_index=True)
    source: fields.ForeignKeyNullableRelation[Source] = fields.ForeignKeyField(
        "cityhub.Source", related_name="figures", on_delete=fields.RESTRICT, null=True
    )
    label = fields.CharField(max_length=100)
    label_en = fields.CharField(max_length=200)
    value = fields.DecimalField(max_digits=14, decimal_places=2)
    unit = fields.CharField(max_length=16)
    unit_en = fields.CharField(max_length=32)
    precision = fields.CharField(
        max_length=16, default="exact", db_default="exact"
    )  # exact | more_than | nearly
    as_written = fields.CharField(max_length=32, default="", db_default="")
    quote = fields.CharField(max_length=200, default="", db_default="")
    as_of = fields.DateField()
    sort_order = fields.IntField(default=0)

    class Meta:
        table = "published_figure"
        ordering = ["domain", "sort_order", "id"]


class SourceExcerpt(Model):
    """A passage of an article in the page's own words (``quote``, verbatim), under a topic
    in both languages: what the source says about a service, shown with its citation
    where the service itself has nothing to show yet."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=64, unique=True)
    domain = fields.CharField(max_length=32, db_index=True)
    source: fields.ForeignKeyRelation[Source] = fields.ForeignKeyField(
        "cityhub.Source", related_name="excerpts", on_delete=fields.RESTRICT
    )
    topic = fields.CharField(max_length=50)
    topic_en = fields.CharField(max_length=100)
    quote = fields.CharField(max_length=400)
    sort_order = fields.IntField(default=0)

    class Meta:
        table = "source_excerpt"
        ordering = ["domain", "sort_order", "id"]
