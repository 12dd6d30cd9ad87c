-- Finding a case by a misspelt name. Each word of a case's search name is indexed as itself and, if it has
-- four letters or more, as each of the words it makes with one letter left out ("smith": smith, mith, sith,
-- smth, smit, smih). A name and a query that share a key are at most two edits apart, and every one-letter
-- mistake (a letter changed, missed, added or two swapped) shares one. Short surnames, which trigram
-- similarity misses (Khan and Kahn share little), are found the same as long ones, and the lookup reads only
-- the few names that share a key, whatever the number of cases.
create function case_name_keys(name text) returns text[]
language sql immutable strict parallel safe as $$
  select coalesce(array_agg(distinct key), '{}')
  from (
    select word as key from unnest(string_to_array(name, ' ')) word where word <> ''
    union all
    select left(word, i - 1) || substr(word, i + 1)
    from unnest(string_to_array(name, ' ')) word, generate_series(1, length(word)) i
    where length(word) >= 4
  ) keys
$$;

create index cases_name_keys_idx on cases using gin (case_name_keys(search_name));
