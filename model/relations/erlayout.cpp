#include "model/relations/erlayout.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QHash>
#include <QLineF>
#include <QMutex>
#include <QMutexLocker>
#include <QSet>

#include <algorithm>
#include <cmath>

// Graphviz's C headers come last: they define short macros (ND_*, ED_*, GD_*) that must not leak
// into Qt's headers.
#include <cgraph.h>
#include <gvc.h>

namespace dbx::model {

namespace {

constexpr double PointsPerInch = 72.0;

// Graphviz keeps global state (the context, the error handler, string pools): one layout at a
// time, whichever thread asks.
QMutex &graphvizMutex()
{
    static QMutex mutex;
    return mutex;
}

// Made once and kept: loading the plugin configuration costs more than a small layout.
GVC_t *graphvizContext()
{
    static GVC_t *context = [] {
        agseterr(AGERR); // warnings about the graph go to stderr otherwise
        return gvContext();
    }();
    return context;
}

// The cgraph API takes char* even for strings it only reads: hand it writable copies.
void setAttribute(void *object, const char *name, const QByteArray &value)
{
    QByteArray key(name);
    QByteArray text(value);
    QByteArray fallback("");
    agsafeset(object, key.data(), text.data(), fallback.data());
}

QByteArray inches(double points)
{
    return QByteArray::number(points / PointsPerInch, 'f', 4);
}

double distance(const QPointF &point, const QRectF &rect)
{
    const double dx = std::max({rect.left() - point.x(), 0.0, point.x() - rect.right()});
    const double dy = std::max({rect.top() - point.y(), 0.0, point.y() - rect.bottom()});
    return std::hypot(dx, dy);
}

QString edgeKey(const TableRef &table, const QString &constraint)
{
    return table.qualified() + QLatin1Char('\n') + constraint;
}

} // namespace

const ErLayout::Node *ErLayout::node(const TableRef &table) const
{
    for (const Node &n : nodes) {
        if (n.table == table)
            return &n;
    }
    return nullptr;
}

QList<ErLayout::Edge> ErLayout::edgesBetween(const RelationshipGraph &graph,
                                             const QList<TableRef> &tables)
{
    QSet<QString> shown;
    for (const TableRef &t : tables)
        shown << t.qualified();
    // The two keys of every association table, which together make a many-to-many.
    QSet<QString> associationKeys;
    for (const Relationship &r : graph.relationships()) {
        if (r.kind != Relationship::Kind::ManyToMany)
            continue;
        associationKeys << edgeKey(r.via, r.constraintName) << edgeKey(r.via, r.toConstraintName);
    }
    QList<Edge> edges;
    for (const Relationship &r : graph.relationships()) {
        if (!r.owning || r.kind == Relationship::Kind::ManyToMany)
            continue;
        if (!shown.contains(r.from.qualified()) || !shown.contains(r.to.qualified()))
            continue;
        Edge edge;
        edge.rel = r;
        edge.manyToMany = associationKeys.contains(edgeKey(r.from, r.constraintName));
        edges << edge;
    }
    return edges;
}

QSizeF ErLayout::estimateSize(const TableInfo &table)
{
    // About 7 points per character of a 10-point sans font, a row of 18 points.
    qsizetype widest = table.name.size() + 4;
    for (const ColumnInfo &c : table.columns)
        widest = std::max(widest, c.name.size() + c.type.size() + 8);
    return QSizeF(std::max<qsizetype>(widest, 12) * 7.0, 18.0 * (table.columns.size() + 1) + 8.0);
}

ErLayout ErLayout::compute(const QList<Table> &tables, const QList<Edge> &edges,
                           Direction direction)
{
    ErLayout result;
    QMutexLocker locker(&graphvizMutex());
    GVC_t *context = graphvizContext();
    if (!context) {
        result.error = QCoreApplication::translate("ErLayout", "Graphviz could not start");
        return result;
    }

    QByteArray graphName("er");
    Agraph_t *graph = agopen(graphName.data(), Agdirected, nullptr);
    // Left to right: referenced tables to the left of the tables that point at them, which reads
    // like "a worker has resumes". Separate components are packed side by side instead of being
    // stacked into one very tall first rank.
    setAttribute(graph, "rankdir", direction == Direction::LeftToRight ? "LR" : "TB");
    setAttribute(graph, "splines", "spline");
    setAttribute(graph, "nodesep", "0.45");
    setAttribute(graph, "ranksep", "1.1");
    setAttribute(graph, "pack", "24");
    setAttribute(graph, "packmode", "graph");

    QHash<QString, Agnode_t *> nodes;
    QList<Agnode_t *> order;
    for (qsizetype i = 0; i < tables.size(); ++i) {
        QByteArray name = "n" + QByteArray::number(i);
        Agnode_t *node = agnode(graph, name.data(), 1);
        setAttribute(node, "shape", "box");
        setAttribute(node, "fixedsize", "true");
        setAttribute(node, "label", "");
        setAttribute(node, "width", inches(tables.at(i).size.width()));
        setAttribute(node, "height", inches(tables.at(i).size.height()));
        nodes.insert(tables.at(i).table.qualified(), node);
        order << node;
    }

    // A many-to-many reads best as a chain A → association → B; the association's first key
    // points into it, its second out of it.
    QSet<QString> associationsStarted;
    QList<Agedge_t *> drawn;
    QList<Edge> kept;
    for (const Edge &edge : edges) {
        Agnode_t *from = nodes.value(edge.rel.from.qualified());
        Agnode_t *to = nodes.value(edge.rel.to.qualified());
        if (!from || !to)
            continue;
        bool outward = false;
        if (edge.manyToMany) {
            const QString via = edge.rel.from.qualified();
            outward = associationsStarted.contains(via);
            associationsStarted << via;
        }
        QByteArray name = "e" + QByteArray::number(kept.size());
        Agedge_t *e = outward ? agedge(graph, from, to, name.data(), 1)
                              : agedge(graph, to, from, name.data(), 1);
        setAttribute(e, "dir", "none");
        drawn << e;
        kept << edge;
    }

    if (gvLayout(context, graph, "dot") != 0) {
        agclose(graph);
        result.error =
            QCoreApplication::translate("ErLayout", "Graphviz could not lay out the diagram");
        return result;
    }

    const boxf bounds = GD_bb(graph);
    const double top = bounds.UR.y;
    auto toScene = [&](pointf p) { return QPointF(p.x - bounds.LL.x, top - p.y); };
    result.size = QSizeF(bounds.UR.x - bounds.LL.x, bounds.UR.y - bounds.LL.y);

    for (qsizetype i = 0; i < tables.size(); ++i) {
        Agnode_t *node = order.at(i);
        const QPointF centre = toScene(ND_coord(node));
        const double w = ND_width(node) * PointsPerInch;
        const double h = ND_height(node) * PointsPerInch;
        result.nodes << Node{tables.at(i).table,
                             QRectF(centre.x() - w / 2, centre.y() - h / 2, w, h)};
    }

    for (qsizetype i = 0; i < kept.size(); ++i) {
        Edge edge = kept.at(i);
        const splines *spl = ED_spl(drawn.at(i));
        if (spl) {
            for (int b = 0; b < spl->size; ++b) {
                const bezier &curve = spl->list[b];
                for (int p = 0; p < curve.size; ++p) {
                    const QPointF point = toScene(curve.list[p]);
                    if (p == 0 && !edge.spline.isEmpty() && edge.spline.last() == point)
                        continue;
                    edge.spline << point;
                }
            }
        }
        // dot may have reversed the edge to break a cycle: orient the points from the table
        // holding the key to the table it references.
        const Node *from = result.node(edge.rel.from);
        const Node *to = result.node(edge.rel.to);
        if (edge.spline.size() >= 2 && from && to && !(edge.rel.from == edge.rel.to)) {
            const double keep =
                distance(edge.spline.first(), from->box) + distance(edge.spline.last(), to->box);
            const double flip =
                distance(edge.spline.first(), to->box) + distance(edge.spline.last(), from->box);
            if (flip < keep)
                std::reverse(edge.spline.begin(), edge.spline.end());
        }
        result.edges << edge;
    }

    gvFreeLayout(context, graph);
    agclose(graph);
    return result;
}

} // namespace dbx::model
