// The public face of the HSDS import. The work is done in hsds/:
//   HsdsDataPackage, HsdsJsonSource  read a CSV data package or API JSON into tables (HsdsTables);
//   HsdsMapper                       maps the tables to organisations and profiles (the mapping is
//                                    described at the top of HsdsMapper.h);
//   HsdsValues, HsdsNeedKeywords     check single values and map taxonomy terms to needs.

#include "interchange/HsdsImport.h"

#include "interchange/hsds/HsdsDataPackage.h"
#include "interchange/hsds/HsdsJsonSource.h"
#include "interchange/hsds/HsdsNeedKeywords.h"
#include "interchange/hsds/HsdsValues.h"

#include <QFile>
#include <QFileInfo>

namespace htmse {

using namespace Qt::StringLiterals;

QString HsdsProblem::path() const
{
    return field.isEmpty() ? source : source + u": "_s + field;
}

QString HsdsProblem::toString() const
{
    return path() + u": "_s + reason;
}

QUuid HsdsImport::idFor(QStringView table, QStringView sourceId)
{
    return hsds::idFor(table, sourceId);
}

QString HsdsImport::needForTerm(QStringView text)
{
    return hsds::needForTerm(text);
}

QStringList HsdsImport::needsOfKeywordTable()
{
    return hsds::needsOfKeywordTable();
}

bool HsdsImport::looksLikeHsdsJson(const QByteArray& bytes)
{
    return hsds::looksLikeHsdsJson(bytes);
}

HsdsImportResult HsdsImport::readJson(const QByteArray& bytes, const QString& sourceName, const QDateTime& now)
{
    return hsds::readJson(bytes, sourceName, now);
}

HsdsImportResult HsdsImport::readDataPackage(const QString& directory, const QDateTime& now)
{
    return hsds::readDataPackage(directory, now);
}

HsdsImportResult HsdsImport::readPath(const QString& path, const QDateTime& now)
{
    const QFileInfo info(path);
    auto refuse = [&](const QString& reason) {
        HsdsImportResult result;
        result.problems.append({info.fileName().isEmpty() ? path : info.fileName(), QString(), reason, false});
        return result;
    };
    if (!info.exists())
        return refuse(u"does not exist"_s);
    if (info.isDir())
        return readDataPackage(path, now);
    if (info.fileName() == "datapackage.json"_L1)
        return readDataPackage(info.absolutePath(), now);
    if (info.suffix().compare("csv"_L1, Qt::CaseInsensitive) == 0)
        return refuse(u"a CSV data package is read as a whole: give the folder that holds it"_s);
    if (info.size() > kMaxBytes)
        return refuse(u"is larger than 1 GiB; refused"_s);
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return refuse(u"cannot be read: %1"_s.arg(f.errorString()));
    return readJson(f.readAll(), info.fileName(), now);
}

} // namespace htmse
