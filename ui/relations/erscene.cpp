#include "ui/relations/erscene.h"

#include <QThread>

#include "ui/common/icons.h"

#include <QCoreApplication>
#include <QCursor>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QtMath>

#include <algorithm>

namespace dbx::ui {

using model::ErLayout;
using model::Relationship;
using model::RelationshipGraph;
using model::TableInfo;
using model::TableRef;

namespace {

// Boxes taller than this list their first columns and a count of the rest: a 200-column table
// would otherwise stretch the whole layout.
constexpr int MaxRows = 40;
constexpr double Padding = 6.0;
constexpr double ColumnGap = 16.0;

const QColor Border(0x5b, 0x6b, 0x7f);
const QColor HeaderFill(0xdb, 0xe7, 0xf5);
const QColor LinkHeaderFill(0xec, 0xe0, 0xf6);
const QColor TypeText(0x80, 0x88, 0x90);
const QColor Line(0x4a, 0x5a, 0x6a);
const QColor LinkLine(0x8e, 0x44, 0xad);
const QColor Highlight(0xd3, 0x54, 0x00);

QFont boldFont(QFont font)
{
    font.setBold(true);
    return font;
}

QFont captionFont(QFont font)
{
    font.setItalic(true);
    return font;
}

// Geometry shared by measuring and painting, so the two never disagree.
struct Metrics {
    explicit Metrics(const QFont &font)
        : rowHeight(QFontMetricsF(font).height() + 4)
        , headerHeight(QFontMetricsF(boldFont(font)).height() + 8)
        , captionHeight(QFontMetricsF(captionFont(font)).height() + 4)
        , iconSize(QFontMetricsF(font).height())
        , markerWidth(2 * iconSize + 6)
    {}
    double rowHeight;
    double headerHeight;
    double captionHeight;
    double iconSize;
    double markerWidth;
};

QString moreColumns(qsizetype hidden)
{
    return QCoreApplication::translate("dbx::ui::ErScene", "… %n more column(s)", "", int(hidden));
}

QString kindText(Relationship::Kind kind)
{
    switch (kind) {
    case Relationship::Kind::ManyToOne:
        return QCoreApplication::translate("dbx::ui::ErScene", "many-to-one");
    case Relationship::Kind::OneToMany:
        return QCoreApplication::translate("dbx::ui::ErScene", "one-to-many");
    case Relationship::Kind::OneToOne:
        return QCoreApplication::translate("dbx::ui::ErScene", "one-to-one");
    case Relationship::Kind::ManyToMany:
        return QCoreApplication::translate("dbx::ui::ErScene", "many-to-many");
    }
    return {};
}

QString columnsOf(const QString &table, const QStringList &columns)
{
    if (columns.size() == 1)
        return table + QLatin1Char('.') + columns.first();
    return table + QLatin1Char('(') + columns.join(QStringLiteral(", ")) + QLatin1Char(')');
}

QPainterPath splinePath(const QList<QPointF> &points)
{
    QPainterPath path;
    if (points.isEmpty())
        return path;
    path.moveTo(points.first());
    for (qsizetype i = 1; i + 2 < points.size(); i += 3)
        path.cubicTo(points.at(i), points.at(i + 1), points.at(i + 2));
    return path;
}

} // namespace

ErTableItem::ErTableItem(const TableInfo &table, const QString &linkCaption, const QFont &font)
    : m_info(table)
    , m_ref{table.schema, table.name}
    , m_caption(linkCaption)
    , m_font(font)
    , m_size(measure(table, linkCaption, font))
{
    setToolTip(table.comment.isEmpty() ? m_ref.qualified()
                                       : m_ref.qualified() + QLatin1Char('\n') + table.comment);
    setCursor(Qt::PointingHandCursor);
}

QSizeF ErTableItem::measure(const TableInfo &table, const QString &linkCaption, const QFont &font)
{
    const Metrics m(font);
    const QFontMetricsF plain(font);
    double names = 0;
    double types = 0;
    const qsizetype shown = std::min<qsizetype>(table.columns.size(), MaxRows);
    for (qsizetype i = 0; i < shown; ++i) {
        names = std::max(names, plain.horizontalAdvance(table.columns.at(i).name));
        types = std::max(types, plain.horizontalAdvance(table.columns.at(i).type));
    }
    double width = m.markerWidth + names + ColumnGap + types;
    if (table.columns.size() > shown)
        width = std::max(width, plain.horizontalAdvance(moreColumns(table.columns.size() - shown)));
    width = std::max(width, QFontMetricsF(boldFont(font)).horizontalAdvance(table.name));
    if (!linkCaption.isEmpty())
        width = std::max(width, QFontMetricsF(captionFont(font)).horizontalAdvance(linkCaption));
    double height = m.headerHeight + shown * m.rowHeight + Padding;
    if (table.columns.size() > shown)
        height += m.rowHeight;
    if (!linkCaption.isEmpty())
        height += m.captionHeight;
    return QSizeF(std::ceil(width + 2 * Padding), std::ceil(height));
}

void ErTableItem::setHighlighted(bool on)
{
    if (m_highlighted == on)
        return;
    m_highlighted = on;
    update();
}

QRectF ErTableItem::boundingRect() const
{
    return QRectF(QPointF(0, 0), m_size).adjusted(-2, -2, 2, 2);
}

void ErTableItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const Metrics m(m_font);
    const QRectF box(QPointF(0, 0), m_size);
    const bool link = !m_caption.isEmpty();
    painter->setRenderHint(QPainter::Antialiasing);

    painter->setPen(Qt::NoPen);
    painter->setBrush(Qt::white);
    painter->drawRoundedRect(box, 4, 4);
    QPainterPath header;
    header.addRoundedRect(box, 4, 4);
    const double headerBottom = m.headerHeight + (link ? m.captionHeight : 0);
    header = header.intersected([&] {
        QPainterPath top;
        top.addRect(QRectF(0, 0, box.width(), headerBottom));
        return top;
    }());
    painter->setBrush(link ? LinkHeaderFill : HeaderFill);
    painter->drawPath(header);

    painter->setPen(Qt::black);
    painter->setFont(boldFont(m_font));
    painter->drawText(QRectF(Padding, 0, box.width() - 2 * Padding, m.headerHeight),
                      Qt::AlignVCenter | Qt::AlignHCenter, m_info.name);
    if (link) {
        painter->setFont(captionFont(m_font));
        painter->setPen(LinkLine);
        painter->drawText(
            QRectF(Padding, m.headerHeight - 4, box.width() - 2 * Padding, m.captionHeight),
            Qt::AlignVCenter | Qt::AlignHCenter, m_caption);
    }

    const QFontMetricsF plain(m_font);
    double names = 0;
    const qsizetype shown = std::min<qsizetype>(m_info.columns.size(), MaxRows);
    for (qsizetype i = 0; i < shown; ++i)
        names = std::max(names, plain.horizontalAdvance(m_info.columns.at(i).name));
    painter->setFont(m_font);
    double y = headerBottom + Padding / 2;
    for (qsizetype i = 0; i < shown; ++i) {
        const model::ColumnInfo &c = m_info.columns.at(i);
        const double iconTop = y + (m.rowHeight - m.iconSize) / 2;
        if (m_info.primaryKey.contains(c.name))
            icon(QStringLiteral("key"))
                .paint(painter, QRectF(Padding, iconTop, m.iconSize, m.iconSize).toRect());
        if (m_info.isForeignKeyColumn(c.name))
            icon(QStringLiteral("foreignkey"))
                .paint(painter,
                       QRectF(Padding + m.iconSize + 2, iconTop, m.iconSize, m.iconSize).toRect());
        const double x = Padding + m.markerWidth;
        QFont nameFont = m_font;
        // Link attributes (the association's own columns) and required columns read apart.
        nameFont.setBold(c.notNull && !link);
        nameFont.setItalic(link && !m_info.primaryKey.contains(c.name));
        painter->setFont(nameFont);
        painter->setPen(Qt::black);
        painter->drawText(QRectF(x, y, names + ColumnGap, m.rowHeight), Qt::AlignVCenter, c.name);
        painter->setFont(m_font);
        painter->setPen(TypeText);
        painter->drawText(QRectF(x + names + ColumnGap, y,
                                 box.width() - x - names - ColumnGap - Padding, m.rowHeight),
                          Qt::AlignVCenter, c.type);
        y += m.rowHeight;
    }
    if (m_info.columns.size() > shown) {
        painter->setPen(TypeText);
        painter->drawText(QRectF(Padding, y, box.width() - 2 * Padding, m.rowHeight),
                          Qt::AlignVCenter, moreColumns(m_info.columns.size() - shown));
    }

    painter->setBrush(Qt::NoBrush);
    painter->setPen(QPen(m_highlighted ? Highlight : Border, m_highlighted ? 2.5 : 1.2));
    painter->drawRoundedRect(box, 4, 4);
    painter->setPen(QPen(Border, 0.8));
    painter->drawLine(QPointF(0, headerBottom), QPointF(box.width(), headerBottom));
}

ErEdgeItem::ErEdgeItem(const ErLayout::Edge &edge, bool optional, const QString &description)
    : m_edge(edge)
    , m_optional(optional)
    , m_description(description)
{
    setPath(splinePath(edge.spline));
    setToolTip(description);
    setCursor(Qt::PointingHandCursor);
}

void ErEdgeItem::setHighlighted(bool on)
{
    if (m_highlighted == on)
        return;
    m_highlighted = on;
    update();
}

QPainterPath ErEdgeItem::shape() const
{
    // A generous stroke: a 1.5-point line is hard to hit with a mouse.
    QPainterPathStroker stroker;
    stroker.setWidth(10);
    return stroker.createStroke(path());
}

QRectF ErEdgeItem::boundingRect() const
{
    return path().boundingRect().adjusted(-24, -24, 24, 24);
}

void ErEdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QList<QPointF> &points = m_edge.spline;
    if (points.size() < 2)
        return;
    painter->setRenderHint(QPainter::Antialiasing);
    const QColor colour = m_highlighted ? Highlight : (m_edge.manyToMany ? LinkLine : Line);
    QPen pen(colour, m_highlighted ? 2.6 : (m_edge.manyToMany ? 1.8 : 1.4));
    pen.setCapStyle(Qt::RoundCap);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(path());

    // The direction each end leaves its table: towards the nearest control point that differs.
    auto towards = [&points](bool atStart) {
        const QPointF tip = atStart ? points.first() : points.last();
        for (qsizetype i = 1; i < points.size(); ++i) {
            const QPointF p = atStart ? points.at(i) : points.at(points.size() - 1 - i);
            if (QLineF(tip, p).length() > 0.5)
                return p;
        }
        return tip;
    };
    const bool oneToOne = m_edge.rel.kind == Relationship::Kind::OneToOne;
    paintEnd(painter, points.first(), towards(true), !oneToOne, false);
    paintEnd(painter, points.last(), towards(false), false, m_optional);
}

void ErEdgeItem::paintEnd(QPainter *painter, const QPointF &tip, const QPointF &towards, bool many,
                          bool optional) const
{
    QLineF axis(tip, towards);
    if (axis.length() < 0.5)
        return;
    axis.setLength(1);
    const QPointF along = axis.p2() - axis.p1();
    const QPointF across(-along.y(), along.x());
    if (many) {
        const QPointF base = tip + along * 13;
        painter->drawLine(base, tip + across * 7);
        painter->drawLine(base, tip);
        painter->drawLine(base, tip - across * 7);
    } else {
        const QPointF bar = tip + along * 7;
        painter->drawLine(bar + across * 7, bar - across * 7);
    }
    if (optional) {
        painter->setBrush(Qt::white);
        painter->drawEllipse(tip + along * 18, 4.5, 4.5);
        painter->setBrush(Qt::NoBrush);
    }
}

ErScene::ErScene(QObject *parent)
    : QGraphicsScene(parent)
{
    setBackgroundBrush(Qt::white);
}

QString ErScene::linkCaption(const RelationshipGraph &graph, const TableRef &table)
{
    if (!graph.isAssociation(table))
        return {};
    for (const Relationship &r : graph.relationships()) {
        if (r.kind == Relationship::Kind::ManyToMany && r.via == table) {
            return tr("many-to-many: %1 ↔ %2").arg(r.from.name, r.to.name);
        }
    }
    return {};
}

QString ErScene::describe(const ErLayout::Edge &edge, const RelationshipGraph &graph)
{
    const Relationship &rel = edge.rel;
    const QString key = columnsOf(rel.from.name, rel.fromColumns) + QStringLiteral(" → ") +
                        columnsOf(rel.to.name, rel.toColumns);
    QString text = tr("%1: %2, ON DELETE %3")
                       .arg(kindText(rel.kind), key,
                            rel.onDelete.isEmpty() ? QStringLiteral("NO ACTION") : rel.onDelete);
    if (!edge.manyToMany)
        return text;
    for (const Relationship &m : graph.relationships()) {
        if (m.kind != Relationship::Kind::ManyToMany || !(m.via == rel.from))
            continue;
        if (m.constraintName != rel.constraintName && m.toConstraintName != rel.constraintName)
            continue;
        text += QLatin1Char('\n') +
                tr("many-to-many: %1 ↔ %2 via %3").arg(m.from.name, m.to.name, m.via.name);
        if (!m.linkAttributes.isEmpty()) {
            text += QLatin1Char('\n') +
                    tr("link attributes: %1").arg(m.linkAttributes.join(QStringLiteral(", ")));
        }
        break;
    }
    return text;
}

QList<ErLayout::Table> ErScene::measure(const model::SchemaSnapshot &snapshot,
                                        const RelationshipGraph &graph,
                                        const QList<TableRef> &tables) const
{
    QList<ErLayout::Table> sized;
    for (const TableRef &ref : tables) {
        if (const TableInfo *info = snapshot.table(ref.schema, ref.name)) {
            sized << ErLayout::Table{ref,
                                     ErTableItem::measure(*info, linkCaption(graph, ref), font())};
        }
    }
    return sized;
}

void ErScene::clearDiagram()
{
    m_tables.clear();
    m_edges.clear();
    clear();
    setSceneRect(QRectF());
}

void ErScene::setDiagram(const model::SchemaSnapshot &snapshot, const RelationshipGraph &graph,
                         const ErLayout &layout)
{
    clearDiagram();
    for (const ErLayout::Node &node : layout.nodes) {
        const TableInfo *info = snapshot.table(node.table.schema, node.table.name);
        if (!info)
            continue;
        auto *item = new ErTableItem(*info, linkCaption(graph, node.table), font());
        item->setPos(node.box.topLeft());
        item->setZValue(1); // lines end under the boxes' borders, never across the text
        addItem(item);
        m_tables << item;
    }
    for (const ErLayout::Edge &edge : layout.edges) {
        bool optional = false;
        if (const TableInfo *from = snapshot.table(edge.rel.from.schema, edge.rel.from.name)) {
            for (const QString &name : edge.rel.fromColumns) {
                const model::ColumnInfo *c = from->column(name);
                optional = optional || (c && !c->notNull);
            }
        }
        auto *item = new ErEdgeItem(edge, optional, describe(edge, graph));
        addItem(item);
        m_edges << item;
    }
    setSceneRect(QRectF(QPointF(0, 0), layout.size).adjusted(-24, -24, 24, 24));
}

ErTableItem *ErScene::tableItem(const TableRef &table) const
{
    for (ErTableItem *item : m_tables) {
        if (item->table() == table)
            return item;
    }
    return nullptr;
}

void ErScene::highlight(QGraphicsItem *item)
{
    auto *table = dynamic_cast<ErTableItem *>(item);
    auto *edge = dynamic_cast<ErEdgeItem *>(item);
    for (ErTableItem *t : std::as_const(m_tables)) {
        const bool endOfEdge = edge && (t->table() == edge->relationship().from ||
                                        t->table() == edge->relationship().to);
        t->setHighlighted(t == table || endOfEdge);
    }
    for (ErEdgeItem *e : std::as_const(m_edges)) {
        const bool touchesTable = table && (e->relationship().from == table->table() ||
                                            e->relationship().to == table->table());
        e->setHighlighted(e == edge || touchesTable);
    }
}

void ErScene::layOut(const model::SchemaSnapshot &snapshot, const model::RelationshipGraph &graph,
                     const QList<model::TableRef> &tables, QObject *context,
                     std::function<void(const model::ErLayout &)> done,
                     model::ErLayout::Direction direction) const
{
    const QList<model::ErLayout::Table> sized = measure(snapshot, graph, tables);
    const QList<model::ErLayout::Edge> edges = model::ErLayout::edgesBetween(graph, tables);
    auto result = std::make_shared<model::ErLayout>();
    QThread *thread = QThread::create([result, sized, edges, direction] {
        *result = model::ErLayout::compute(sized, edges, direction);
    });
    QObject::connect(thread, &QThread::finished, context,
                     [result, done = std::move(done)] { done(*result); });
    QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

} // namespace dbx::ui
