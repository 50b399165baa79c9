-- The category taxonomy for traded data (not an official list), from data/reference/categories.csv.
create table categories (
    category_id varchar primary key,
    name_zh varchar not null,
    name_en varchar not null,
    aliases varchar
);
