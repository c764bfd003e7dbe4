#include "seedqueries.h"

namespace dbx::test {

using model::query::Expr;
using model::query::Filter;
using model::query::Join;
using model::query::NamedQuery;
using model::query::OrderItem;
using model::query::Query;
using model::query::SelectItem;
using model::query::Source;

namespace {

const QString kPublic = QStringLiteral("public");

Filter equal(const Expr &left, const Expr &right)
{
    return Filter::group(Filter::Logic::And, {Filter::condition(left, Filter::Op::Eq, {right})});
}

Join innerJoin(const Source &target, const Filter &on)
{
    Join join;
    join.type = Join::Type::Inner;
    join.target = target;
    join.on = on;
    return join;
}

} // namespace

Query seedAvgCompensation()
{
    const QString resumes = QStringLiteral("resumes");
    const Expr compensation = Expr::col(resumes, QStringLiteral("compensation"));
    Query q;
    q.from = Source::fromTable(kPublic, resumes);
    q.select = {
        {Expr::col(resumes, QStringLiteral("workload")), {}},
        {Expr::agg(Expr::Function::Avg, compensation).castTo(QStringLiteral("integer")),
         QStringLiteral("avg_compensation")},
    };
    q.where = Filter::group(
        Filter::Logic::And,
        {Filter::condition(Expr::col(resumes, QStringLiteral("title")), Filter::Op::Contains,
                           {Expr::val(QStringLiteral("Python"))}),
         Filter::condition(compensation, Filter::Op::Gt, {Expr::val(40000)})});
    q.groupBy = {Expr::col(resumes, QStringLiteral("workload"))};
    q.having = Filter::group(Filter::Logic::And,
                             {Filter::condition(Expr::agg(Expr::Function::Avg, compensation),
                                                Filter::Op::Gt, {Expr::val(70000)})});
    return q;
}

QString seedAvgCompensationSql()
{
    return QStringLiteral(
        "SELECT workload, avg(compensation)::int AS avg_compensation FROM resumes "
        "WHERE title LIKE '%Python%' AND compensation > 40000 GROUP BY workload "
        "HAVING avg(compensation) > 70000");
}

Query seedCompensationDiff()
{
    const QString r = QStringLiteral("r");
    const QString w = QStringLiteral("w");
    Query helper1;
    helper1.from = Source::fromTable(kPublic, QStringLiteral("resumes"), r);
    helper1.joins = {innerJoin(
        Source::fromTable(kPublic, QStringLiteral("workers"), w),
        equal(Expr::col(r, QStringLiteral("worker_id")), Expr::col(w, QStringLiteral("id"))))};
    helper1.select = {
        {Expr::col(w, QStringLiteral("id")), {}},
        {Expr::col(w, QStringLiteral("username")), {}},
        {Expr::col(r, QStringLiteral("compensation")), {}},
        {Expr::col(r, QStringLiteral("workload")), {}},
        {Expr::window(Expr::Function::Avg, {Expr::col(r, QStringLiteral("compensation"))},
                      {Expr::col(r, QStringLiteral("workload"))})
             .castTo(QStringLiteral("integer")),
         QStringLiteral("avg_workload_compensation")},
    };

    const QString h1 = QStringLiteral("helper1");
    Query helper2;
    helper2.from = Source::fromSubquery(helper1, h1);
    helper2.select = {
        {Expr::star(), {}},
        {Expr::arith(Expr::col(h1, QStringLiteral("compensation")), QStringLiteral("-"),
                     Expr::col(h1, QStringLiteral("avg_workload_compensation"))),
         QStringLiteral("compensation_diff")},
    };

    const QString h2 = QStringLiteral("helper2");
    Query q;
    q.ctes = {NamedQuery{h2, helper2}};
    q.from = Source::fromCte(h2);
    OrderItem byDiff;
    byDiff.expr = Expr::col(h2, QStringLiteral("compensation_diff"));
    byDiff.descending = true;
    q.orderBy = {byDiff};
    return q;
}

QString seedCompensationDiffSql()
{
    return QStringLiteral(
        "WITH helper2 AS (SELECT *, compensation - avg_workload_compensation AS "
        "compensation_diff FROM (SELECT w.id, w.username, r.compensation, r.workload, "
        "avg(r.compensation) OVER (PARTITION BY workload)::int AS avg_workload_compensation "
        "FROM resumes r JOIN workers w ON r.worker_id = w.id) helper1) "
        "SELECT * FROM helper2 ORDER BY compensation_diff DESC");
}

Query seedPartTimeReplies()
{
    const QString workers = QStringLiteral("workers");
    const QString resumes = QStringLiteral("resumes");
    const QString replies = QStringLiteral("vacancies_replies");
    const QString vacancies = QStringLiteral("vacancies");
    Query q;
    q.from = Source::fromTable(kPublic, workers);
    Join toResumes = innerJoin(Source::fromTable(kPublic, resumes),
                               equal(Expr::col(resumes, QStringLiteral("worker_id")),
                                     Expr::col(workers, QStringLiteral("id"))));
    toResumes.foreignKey = QStringLiteral("resumes_worker_id_fkey");
    Join toReplies = innerJoin(Source::fromTable(kPublic, replies),
                               equal(Expr::col(replies, QStringLiteral("resume_id")),
                                     Expr::col(resumes, QStringLiteral("id"))));
    toReplies.foreignKey = QStringLiteral("vacancies_replies_resume_id_fkey");
    Join toVacancies = innerJoin(Source::fromTable(kPublic, vacancies),
                                 equal(Expr::col(vacancies, QStringLiteral("id")),
                                       Expr::col(replies, QStringLiteral("vacancy_id"))));
    toVacancies.foreignKey = QStringLiteral("vacancies_replies_vacancy_id_fkey");
    q.joins = {toResumes, toReplies, toVacancies};
    q.select = {
        {Expr::col(workers, QStringLiteral("username")), {}},
        {Expr::col(resumes, QStringLiteral("title")), {}},
        {Expr::col(resumes, QStringLiteral("workload")), {}},
        {Expr::col(resumes, QStringLiteral("compensation")), {}},
        {Expr::col(vacancies, QStringLiteral("title")), {}},
    };
    q.where =
        Filter::group(Filter::Logic::Or,
                      {Filter::condition(Expr::col(resumes, QStringLiteral("workload")),
                                         Filter::Op::Eq, {Expr::val(QStringLiteral("parttime"))}),
                       Filter::condition(Expr::col(resumes, QStringLiteral("compensation")),
                                         Filter::Op::IsNull)});
    return q;
}

QString seedPartTimeRepliesSql()
{
    return QStringLiteral(
        "SELECT workers.username, resumes.title, resumes.workload, resumes.compensation, "
        "vacancies.title FROM workers "
        "JOIN resumes ON resumes.worker_id = workers.id "
        "JOIN vacancies_replies ON vacancies_replies.resume_id = resumes.id "
        "JOIN vacancies ON vacancies.id = vacancies_replies.vacancy_id "
        "WHERE resumes.workload = 'parttime' OR resumes.compensation IS NULL");
}

QStringList rowsAsText(const QList<QVariantList> &rows)
{
    QStringList out;
    for (const QVariantList &row : rows) {
        QStringList cells;
        for (const QVariant &v : row)
            cells << (v.isNull() ? QStringLiteral("<NULL>") : v.toString());
        out << cells.join(QLatin1Char('|'));
    }
    return out;
}

} // namespace dbx::test
