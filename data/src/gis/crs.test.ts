import { describe, expect, it } from 'vitest';
import { crsFromCoordinates, crsFromEpsg, crsFromPrj, parseCrs } from './crs.ts';

const PRJ_CM_111 = 'PROJCS["CGCS2000_3_Degree_GK_CM_111E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",111.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
const PRJ_ZONE_38 = 'PROJCS["CGCS2000_3_Degree_GK_Zone_38",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",38500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
const PRJ_XIAN = 'PROJCS["Xian_1980_3_Degree_GK_CM_111E",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]]]]';

describe('coordinate systems', () => {
  it('maps the CGCS2000 Gauss-Krüger EPSG codes both ways', () => {
    expect(crsFromEpsg(4526)).toMatchObject({ kind: 'gk', zoneWidth: 3, zone: 38, centralMeridian: 114, prefixed: true });
    expect(crsFromEpsg(4546)).toMatchObject({ kind: 'gk', zoneWidth: 3, centralMeridian: 111, prefixed: false });
    expect(crsFromEpsg(4497)).toMatchObject({ kind: 'gk', zoneWidth: 6, zone: 19, centralMeridian: 111, prefixed: true });
    expect(crsFromEpsg(4508)).toMatchObject({ kind: 'gk', zoneWidth: 6, centralMeridian: 111, prefixed: false });
    for (let epsg = 4491; epsg <= 4554; epsg++) expect((crsFromEpsg(epsg) as { epsg: number }).epsg).toBe(epsg);
    expect(() => crsFromEpsg(2383)).toThrow(/西安80 或北京54/);
    expect(() => crsFromEpsg(3857)).toThrow(/不支持/);
  });

  it('reads a choice, and .prj files with Esri names', () => {
    expect(parseCrs('epsg:4490')).toMatchObject({ epsg: 4490 });
    expect(parseCrs('GCJ-02').kind).toBe('gcj02');
    expect(parseCrs('bd09').kind).toBe('bd09');
    expect(() => parseCrs('UTM 50N')).toThrow(/无法识别/);
    expect(crsFromPrj(PRJ_CM_111)).toMatchObject({ epsg: 4546 });
    expect(crsFromPrj(PRJ_ZONE_38)).toMatchObject({ epsg: 4526 });
    expect(crsFromPrj('GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000"]]')).toMatchObject({ epsg: 4490 });
    expect(crsFromPrj('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984"]]')).toMatchObject({ epsg: 4326 });
    expect(() => crsFromPrj(PRJ_XIAN)).toThrow(/西安80 或北京54/);
  });

  it('tells the system from coordinate magnitudes and refuses swapped pairs', () => {
    expect(crsFromCoordinates([[112.55, 37.87]])).toMatchObject({ epsg: 4490 });
    expect(() => crsFromCoordinates([[37.87, 112.55]])).toThrow(/经纬度顺序反了/);
    expect(crsFromCoordinates([[38_512_345.6, 3_930_123.4]])).toMatchObject({ epsg: 4526 });
    expect(crsFromCoordinates([[19_512_345.6, 3_930_123.4]])).toMatchObject({ epsg: 4497 });
    expect(() => crsFromCoordinates([[3_930_123.4, 38_512_345.6]])).toThrow(/X\/Y 顺序反了/);
    expect(() => crsFromCoordinates([[512_345.6, 3_930_123.4]])).toThrow(/不含带号/);
    expect(() => crsFromCoordinates([[38_512_345.6, 3_930_123.4], [37_512_345.6, 3_930_123.4]])).toThrow(/带号不一致/);
  });
});
