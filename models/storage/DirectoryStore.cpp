#include "storage/DirectoryStore.h"

#include "domain/JsonReader.h"
#include "matching/IndexRecord.h"
#include "matching/MatchEngine.h"
#include "matching/SearchIndex.h"
#include "storage/AuditLog.h"
#include "taxonomy/TextFolding.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace htmse {

using namespace Qt::StringLiterals;

DirectoryStore::DirectoryStore(QSqlDatabase db, const Clock& clock)
    : m_db(std::move(db))
    , m_clock(clock)
{}

bool DirectoryStore::upsert(const QList<Professional>& professionals, const QList<Organisation>& organisations,
                            QString* error)
{
    if (!m_db.transaction()) {
        if (error)
            *error = m_db.lastError().text();
        return false;
    }
    QSqlQuery q(m_db);
    bool ok = q.prepare(u"INSERT OR REPLACE INTO directory_professionals (id, server_version, updated_at, sort_name, "
                        "body, index_record) VALUES (?, ?, ?, ?, ?, ?)"_s);
    for (qsizetype i = 0; ok && i < professionals.size(); ++i) {
        const Professional& p = professionals.at(i);
        q.addBindValue(uuidString(p.id));
        q.addBindValue(p.serverVersion);
        q.addBindValue(toIsoUtc(p.updatedAt));
        q.addBindValue(foldForSearch(p.displayName));
        q.addBindValue(QString::fromUtf8(QJsonDocument(p.toJson()).toJson(QJsonDocument::Compact)));
        q.addBindValue(IndexRecord::from(p).serialize());
        ok = q.exec();
    }
    if (ok)
        ok = q.prepare(u"INSERT OR REPLACE INTO directory_organisations (id, body) VALUES (?, ?)"_s);
    for (qsizetype i = 0; ok && i < organisations.size(); ++i) {
        q.addBindValue(uuidString(organisations.at(i).id));
        q.addBindValue(QString::fromUtf8(QJsonDocument(organisations.at(i).toJson()).toJson(QJsonDocument::Compact)));
        ok = q.exec();
    }
    if (!ok) {
        if (error)
            *error = q.lastError().text();
        m_db.rollback();
        return false;
    }
    if (!m_db.commit()) {
        if (error)
            *error = m_db.lastError().text();
        m_db.rollback();
        return false;
    }
    return true;
}

bool DirectoryStore::remove(const QList<QUuid>& professionals, QString* error)
{
    if (!m_db.transaction()) {
        if (error)
            *error = m_db.lastError().text();
        return false;
    }
    QSqlQuery q(m_db);
    q.prepare(u"DELETE FROM directory_professionals WHERE id = ?"_s);
    for (const QUuid& id : professionals) {
        q.addBindValue(uuidString(id));
        if (!q.exec()) {
            if (error)
                *error = q.lastError().text();
            m_db.rollback();
            return false;
        }
    }
    return m_db.commit();
}

std::optional<Professional> DirectoryStore::professional(const QUuid& id) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT body FROM directory_professionals WHERE id = ?"_s);
    q.addBindValue(uuidString(id));
    if (!q.exec() || !q.next())
        return std::nullopt;
    ValidationProblems problems;
    const auto object = parseJsonObject(q.value(0).toString().toUtf8(), problems);
    return object ? Professional::fromJson(*object, problems) : std::nullopt;
}

void DirectoryStore::forEach(const std::function<void(const Professional&)>& visit) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT body FROM directory_professionals"_s))
        return;
    while (q.next()) {
        ValidationProblems problems;
        const auto object = parseJsonObject(q.value(0).toString().toUtf8(), problems);
        if (const auto p = object ? Professional::fromJson(*object, problems) : std::nullopt)
            visit(*p);
    }
}

QList<Professional> DirectoryStore::page(const Cursor& after, int limit, Cursor* last) const
{
    QList<Professional> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT sort_name, id, body FROM directory_professionals WHERE (sort_name, id) > (?, ?) "
              "ORDER BY sort_name, id LIMIT ?"_s);
    q.addBindValue(after.sortName);
    q.addBindValue(after.id);
    q.addBindValue(limit);
    if (!q.exec())
        return out;
    while (q.next()) {
        if (last)
            *last = {q.value(0).toString(), q.value(1).toString()};
        ValidationProblems problems;
        const auto object = parseJsonObject(q.value(2).toString().toUtf8(), problems);
        if (auto p = object ? Professional::fromJson(*object, problems) : std::nullopt)
            out.append(*std::move(p));
    }
    return out;
}

void DirectoryStore::loadIndexes(MatchEngine* engine, SearchIndex* search) const
{
    const QHash<QUuid, QString> organisations = search ? organisationNames() : QHash<QUuid, QString>();
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT index_record, body FROM directory_professionals"_s))
        return;
    while (q.next()) {
        auto record = IndexRecord::deserialize(q.value(0).toByteArray());
        if (!record) {
            // Written by another version: rebuild the record from the document.
            ValidationProblems problems;
            const auto object = parseJsonObject(q.value(1).toString().toUtf8(), problems);
            const auto p = object ? Professional::fromJson(*object, problems) : std::nullopt;
            if (!p)
                continue;
            record = IndexRecord::from(*p);
        }
        if (engine)
            engine->upsert(*record);
        if (search)
            search->add(*record, organisations.value(record->organisationId));
    }
    if (search)
        search->finish();
}

QHash<QUuid, QString> DirectoryStore::organisationNames() const
{
    QHash<QUuid, QString> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (q.exec(u"SELECT id, body FROM directory_organisations"_s))
        while (q.next())
            out.insert(QUuid::fromString(q.value(0).toString()),
                       QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object().value("name"_L1).toString());
    return out;
}

DirectoryStore::Stats DirectoryStore::stats() const
{
    Stats s;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (q.exec(u"SELECT count(*) FROM directory_professionals"_s) && q.next())
        s.professionals = q.value(0).toLongLong();
    if (q.exec(u"SELECT count(*) FROM directory_organisations"_s) && q.next())
        s.organisations = q.value(0).toLongLong();
    if (q.exec(u"SELECT key, value FROM meta WHERE key IN ('directory_cursor', 'directory_last_sync')"_s))
        while (q.next()) {
            if (q.value(0).toString() == "directory_cursor"_L1)
                s.cursor = q.value(1).toString();
            else
                s.lastSync = QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs);
        }
    return s;
}

DirectoryStore::ImportReport DirectoryStore::importFile(const QByteArray& bytes, QString* error,
                                                        const QString& sourceName)
{
    if (HsdsImport::looksLikeHsdsJson(bytes))
        return importHsds(HsdsImport::readJson(bytes, sourceName, m_clock.now()), error);
    ImportReport report;
    report.format = u"htmse-directory"_s;
    DirectoryFileContents contents = DirectoryFile::read(bytes);
    report.problems = contents.problems;
    report.skipped = contents.skipped;
    report.readable = contents.readable;
    if (contents.readable)
        store(contents.professionals, contents.organisations, report, error);
    return report;
}

DirectoryStore::ImportReport DirectoryStore::importHsds(const HsdsImportResult& hsds, QString* error)
{
    ImportReport report;
    report.format = u"hsds"_s;
    report.hsdsProblems = hsds.problems;
    for (const HsdsProblem& p : hsds.problems)
        report.problems.add(p.path(), p.reason);
    report.skipped = hsds.skipped;
    report.readable = hsds.readable;
    if (hsds.readable)
        store(hsds.professionals, hsds.organisations, report, error);
    return report;
}

void DirectoryStore::store(const QList<Professional>& professionals, const QList<Organisation>& organisations,
                           ImportReport& report, QString* error)
{
    // Batches of 1,000, as sync writes pages: memory stays flat and each batch is atomic.
    constexpr qsizetype kBatch = 1000;
    for (qsizetype i = 0; i < professionals.size(); i += kBatch) {
        const QList<Organisation> batchOrganisations = i == 0 ? organisations : QList<Organisation>();
        if (!upsert(professionals.mid(i, kBatch), batchOrganisations, error))
            return;
        report.organisations = organisations.size();
        report.imported += std::min(kBatch, professionals.size() - i);
    }
    if (professionals.isEmpty()) {
        if (!upsert({}, organisations, error))
            return;
        report.organisations = organisations.size();
    }
    QString detail = u"imported: %1, skipped: %2"_s.arg(report.imported).arg(report.skipped);
    if (report.format != "htmse-directory"_L1)
        detail += u", format: "_s + report.format;
    AuditLog(m_db, m_clock).append(u"directory-import"_s, detail);
}

} // namespace htmse
