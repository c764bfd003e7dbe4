#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/relations/relationshipgraph.h"

#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>

namespace dbx::model {

// Where the boxes and lines of an ER diagram go, in points (y grows downwards, the diagram's
// top-left corner at 0,0). Computed by Graphviz `dot`, whose layered layout keeps lines short
// and crossings few, which no hand-rolled placement matches once a schema has 100+ tables. Pure
// computation: no widgets, no database; the UI measures the boxes and draws the result.
struct ErLayout {
    struct Node {
        TableRef table;
        QRectF box;
    };
    // One line per foreign key, always from the owning side (`rel.from` holds the key, `rel.to`
    // is referenced). A many-to-many is drawn as the association table's two keys, both marked.
    struct Edge {
        Relationship rel;
        bool manyToMany = false;
        // Cubic Bézier control points: start, then three points per segment. Runs from the
        // border of `rel.from`'s box to the border of `rel.to`'s box. Empty before layout.
        QList<QPointF> spline;
    };
    // A table to place and the size of its box.
    struct Table {
        TableRef table;
        QSizeF size;
    };

    QSizeF size;
    QList<Node> nodes;
    QList<Edge> edges;
    QString error; // set when Graphviz failed; nodes and edges are empty then

    const Node *node(const TableRef &table) const;

    // The lines a diagram of `tables` draws: every foreign key between two of them, once, from
    // its owning side, with the keys of association tables marked many-to-many.
    static QList<Edge> edgesBetween(const RelationshipGraph &graph, const QList<TableRef> &tables);
    // A rough box size from the number of columns and the length of their names and types, for
    // callers without fonts (tests, the command line); the UI measures its real text instead.
    static QSizeF estimateSize(const TableInfo &table);
    // Lays out the tables and lines. Safe to call from any thread (Graphviz itself is not: calls
    // are serialized), slow enough for large schemas that the UI calls it off its thread.
    // Left to right suits a wide view; top to bottom a tall, narrow one (the query builder's
    // join diagram).
    enum class Direction { LeftToRight, TopToBottom };
    static ErLayout compute(const QList<Table> &tables, const QList<Edge> &edges,
                            Direction direction = Direction::LeftToRight);
};

} // namespace dbx::model
