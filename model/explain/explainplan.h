#pragma once

#include "model/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace dbx::model::explain {

// Which way the planner was wrong about a node's row count.
enum class EstimateDirection { None, Under, Over }; // Under: more rows came than planned

// PEV2's three levels for slow nodes (exclusive time > 10 / 40 / 90 % of the execution) and
// for mis-estimates (factor > 10x / 100x / 1000x); None below the first.
enum class Severity { None, Notable, High, Critical };

// One node of a plan, with the figures PEV2 derives from the raw ones: times are for all loops
// (the server reports them per loop) and shared among parallel workers; the exclusive time is
// the node's own, without its children, InitPlans and the CTEs its scans read.
struct PlanNode {
    int id = 0;      // 1-based, in pre-order
    int parent = -1; // index into ExplainPlan::nodes, -1 for the root
    int depth = 0;
    QList<int> children; // indexes into ExplainPlan::nodes, in the server's order

    QString nodeType;  // "Hash Join", "Seq Scan", "CTE Scan", "Aggregate"...
    QString strategy;  // "Hashed", "Sorted", "Plain" for Aggregate/SetOp
    QString operation; // "Update", "Insert" for ModifyTable
    QString relation;  // table, view or function scanned
    QString schema;
    QString alias;
    QString index;
    QString cteName;
    QString joinType;           // "Inner", "Left", "Semi"...
    QString parentRelationship; // "Outer", "Inner", "InitPlan", "SubPlan", "Member"
    QString subplanName;        // "CTE totals", "InitPlan 1 (returns $0)", "SubPlan 2"
    bool parallelAware = false;

    double startupCost = 0;
    double totalCost = 0;
    double planRows = 0; // per loop, as the planner estimated
    // The figures below are known only with ANALYZE.
    bool executed = false; // false: "never executed" (loops = 0) or no ANALYZE
    double actualRows = 0; // per loop, as reported
    double loops = 0;
    double inclusiveMs = 0;    // total time of all loops, divided among the workers
    double exclusiveMs = 0;    // inclusiveMs without the children's
    double estimateFactor = 1; // >= 1: how many times the planner was wrong
    EstimateDirection estimateDirection = EstimateDirection::None;
    int workersLaunched = 0; // of this Gather, or of the Gather above a parallel node

    // Buffers (with BUFFERS), inclusive as reported and the node's own.
    qint64 sharedHit = 0;
    qint64 sharedRead = 0;
    qint64 exclusiveSharedHit = 0;
    qint64 exclusiveSharedRead = 0;

    // Rows removed over all loops (the server reports them per loop); -1 when the node has no
    // such filter.
    qint64 removedByFilter = -1;
    qint64 removedByJoinFilter = -1;
    qint64 removedByIndexRecheck = -1;

    QJsonObject raw; // every property the server sent, "Plans" removed

    // "Seq Scan on workers w", "Index Scan using resumes_pkey on resumes r", "Hash Left Join".
    QString title() const;
};

// A trigger that fired while the statement ran (ANALYZE only).
struct TriggerTime {
    QString name;
    QString relation;
    double timeMs = 0;
    qint64 calls = 0;
};

// One statement's plan as parsed from EXPLAIN (FORMAT JSON): the nodes in pre-order (the root
// first, each node's subtree right after it) with the run's totals.
struct ExplainPlan {
    QList<PlanNode> nodes;
    bool analyzed = false;
    bool hasBuffers = false;
    double planningMs = -1;  // -1 when not reported
    double executionMs = -1; // -1 without ANALYZE
    QList<TriggerTime> triggers;
    QByteArray json; // the server's document, as it came

    const PlanNode &root() const { return nodes.first(); }
    // The time the slow-node percentages are of: the execution time, or the root's total.
    double totalMs() const;
    // The exclusive time's share of totalMs(), 0..100 (0 without ANALYZE).
    double timePercent(const PlanNode &node) const;
    Severity slowSeverity(const PlanNode &node) const;
};

Severity estimateSeverity(const PlanNode &node);

// Parses the output of EXPLAIN (FORMAT JSON[, ANALYZE, BUFFERS]): the one-element array the
// server returns, or a bare plan object. A document that is not a plan gives a clear error.
Result<ExplainPlan> parsePlan(const QByteArray &json);

} // namespace dbx::model::explain
