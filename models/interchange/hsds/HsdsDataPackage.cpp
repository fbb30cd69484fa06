#include "interchange/hsds/HsdsDataPackage.h"

#include "core/JsonReader.h"
#include "interchange/CsvReader.h"
#include "interchange/hsds/HsdsMapper.h"
#include "interchange/hsds/HsdsTables.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <array>
#include <limits>

namespace htmse::hsds {

using namespace Qt::StringLiterals;
using P = ValidationProblems;

namespace {

constexpr qsizetype kMaxDescriptorBytes = qsizetype(16) * 1024 * 1024; // datapackage.json
const QLatin1StringView kDescriptor("datapackage.json");

// The file datapackage.json names for each table; empty where it names none. Without a readable
// descriptor every one is empty and the usual names are tried.
std::array<QString, TableCount> descriptorFiles(HsdsMapper& mapper, const QDir& dir)
{
    const QString descriptor = kDescriptor;
    std::array<QString, TableCount> files;
    const QFileInfo descriptorInfo(dir.filePath(descriptor));
    const QString fallback = u"the tables are looked for under their usual file names"_s;
    if (!descriptorInfo.exists()) {
        mapper.problem(descriptor, QString(), u"is missing; "_s + fallback);
    } else if (descriptorInfo.size() > kMaxDescriptorBytes) {
        mapper.problem(descriptor, QString(), u"is larger than 16 MiB; "_s + fallback);
    } else {
        QFile f(descriptorInfo.filePath());
        const QByteArray bytes = f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
        const QString trimmed = QString::fromUtf8(bytes).trimmed();
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            QString why = u"is not a JSON data package descriptor"_s;
            if (!trimmed.contains(u'{') && trimmed.endsWith(".json"_L1) && trimmed.size() < 256)
                why += u" (it holds only the text %1: a symbolic link saved as a plain file)"_s.arg(P::quote(trimmed));
            mapper.problem(descriptor, QString(), why + u"; "_s + fallback);
        } else {
            const QJsonArray resources = doc.object().value(u"resources"_s).toArray();
            for (qsizetype i = 0; i < resources.size(); ++i) {
                const QJsonObject resource = resources.at(i).toObject();
                const QString field = P::child(P::index(u"resources"_s, i), u"path"_s);
                const auto table = tableByName(resource.value(u"name"_s).toString());
                if (!table)
                    continue;
                const QString path = resource.value(u"path"_s).toString();
                const bool escapes = path.isEmpty() || QDir::isAbsolutePath(path) || path.contains(u'\\') ||
                                     path.contains(u':') || QDir::cleanPath(path).startsWith(".."_L1);
                if (escapes) {
                    mapper.problem(descriptor, field,
                                   u"%1 is not a file inside the package folder; ignored"_s.arg(P::quote(path)));
                    continue;
                }
                files.at(std::size_t(*table)) = QDir::cleanPath(path);
            }
        }
    }
    return files;
}

// The file to read for table `t`: the one the descriptor names, else the usual name when such a
// file exists; empty when there is none (a named file that is missing is reported).
QString tableFile(HsdsMapper& mapper, const QDir& dir, int t, const QString& named)
{
    QString file = named;
    if (file.isEmpty()) {
        for (const char* candidate : {kTables.at(std::size_t(t)).file, kTables.at(std::size_t(t)).altFile})
            if (candidate && QFileInfo::exists(dir.filePath(QLatin1StringView(candidate)))) {
                file = QLatin1StringView(candidate);
                break;
            }
    } else if (!QFileInfo::exists(dir.filePath(file))) {
        mapper.problem(kDescriptor, QString(),
                       u"names %1 for the %2 table, but there is no such file"_s.arg(P::quote(file), tableName(t)));
        return {};
    }
    return file;
}

// Adds the rows of one CSV file to table `t`, the reader's problems merged in row order; false
// when the file could not be read as a table.
bool readTable(HsdsMapper& mapper, const QDir& dir, int t, const QString& file)
{
    const QFileInfo info(dir.filePath(file));
    if (info.size() > HsdsImport::kMaxBytes) {
        mapper.problem(file, QString(), u"is larger than 1 GiB; not read"_s);
        return false;
    }
    QFile f(info.filePath());
    if (!f.open(QIODevice::ReadOnly)) {
        mapper.problem(file, QString(), u"cannot be read: %1"_s.arg(f.errorString()));
        return false;
    }
    const CsvReader::Table table = CsvReader::parse(f.readAll());
    auto rowSource = [&file](qsizetype row) { return row == 0 ? file : u"%1 row %2"_s.arg(file).arg(row); };
    qsizetype next = 0;
    auto reportUpTo = [&](qsizetype row) {
        for (; next < table.problems.size() && table.problems.at(next).row <= row; ++next) {
            const CsvReader::Problem& p = table.problems.at(next);
            if (p.rowLeftOut && p.row > 0 && table.readable)
                mapper.leftOut(t, rowSource(p.row), QString(), p.message + u"; the row is left out"_s);
            else
                mapper.problem(rowSource(p.row), QString(), p.message);
        }
    };
    if (table.readable) {
        for (const CsvReader::Row& row : table.rows) {
            reportUpTo(row.number);
            QJsonObject fields;
            for (qsizetype c = 0; c < table.header.size(); ++c) {
                const QString& name = table.header.at(c);
                if (name.isEmpty() || fields.contains(name) || row.values.at(c).isEmpty())
                    continue;
                fields.insert(name, row.values.at(c));
            }
            mapper.add(t, Record{rowSource(row.number), fields, {}, {}});
        }
    }
    reportUpTo(std::numeric_limits<qsizetype>::max());
    return table.readable;
}

// Tables with no place in a directory profile are mentioned, so nothing goes unsaid.
void reportUnreadTables(const QDir& dir, HsdsImportResult& result)
{
    for (const char* name : {"funding.csv", "programs.csv", "required_documents.csv", "organization_identifiers.csv",
                             "meta_table_descriptions.csv"}) {
        const QString file = QLatin1StringView(name);
        const QFileInfo info(dir.filePath(file));
        if (!info.exists() || info.size() > HsdsImport::kMaxBytes)
            continue;
        QFile f(info.filePath());
        const qsizetype rows = f.open(QIODevice::ReadOnly) ? CsvReader::parse(f.readAll()).rows.size() : 0;
        if (rows > 0)
            result.problems.append({file, QString(),
                                    (rows == 1 ? u"1 row"_s : u"%1 rows"_s.arg(rows)) +
                                        u" not imported: the importer does not read this table (no place in a "
                                        "directory profile)"_s,
                                    false});
    }
}

} // namespace

HsdsImportResult readDataPackage(const QString& directory, const QDateTime& now)
{
    HsdsMapper mapper(now, false);
    const QDir dir(directory);
    if (!dir.exists()) {
        mapper.problem(directory, QString(), u"is not a folder"_s);
        return std::move(mapper.result());
    }

    const std::array<QString, TableCount> files = descriptorFiles(mapper, dir);
    bool anyMainTable = false;
    for (int t = 0; t < TableCount; ++t) {
        const QString file = tableFile(mapper, dir, t, files.at(std::size_t(t)));
        if (!file.isEmpty() && readTable(mapper, dir, t, file))
            anyMainTable = anyMainTable || isMainTable(t);
    }
    if (!anyMainTable) { // the reason first: it is the one a caller shows when it shows one
        mapper.result().problems.prepend(
            {directory, QString(), u"holds no readable HSDS services.csv or organizations.csv; nothing to import"_s,
             false});
        return std::move(mapper.result());
    }
    HsdsImportResult result = mapper.finish();
    result.readable = true;
    reportUnreadTables(dir, result);
    return result;
}

} // namespace htmse::hsds
